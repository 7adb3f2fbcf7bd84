/* dgplan-other: show an "other, please specify" field only while "other" is chosen.
 *
 *   <div data-module="dgplan-other" data-module-field="data_type">
 *
 * wraps the free-text field of `data_type_other`; it is shown while the
 * choice field `data_type` of the same form (a select, radio buttons or
 * checkboxes) has the value "other" or an "other-*" value (licences), and
 * always while the text holds a value or shows a validation error, so that
 * nothing typed or reported is ever hidden. The server requires the text
 * whenever "other" is chosen, whatever the page shows.
 */
this.ckan.module('dgplan-other', function ($) {
  'use strict';

  function isOther(value) {
    value = String(value || '');
    return value === 'other' || value.indexOf('other-') === 0;
  }

  return {
    options: {
      field: ''
    },

    initialize: function () {
      $.proxyAll(this, /_on/);
      var form = this.el.closest('form');
      var scope = form.length ? form : $(document);
      var name = this.options.field;
      this.inputs = scope.find('[name="' + name + '"]');
      this.inputs.on('change', this._onChange);
      this._onChange();
    },

    teardown: function () {
      if (this.inputs) {
        this.inputs.off('change', this._onChange);
      }
    },

    chosen: function () {
      var other = false;
      this.inputs.each(function () {
        var input = $(this);
        if (input.is(':checkbox, :radio') && !input.is(':checked')) {
          return;
        }
        var values = input.val();
        $.each($.isArray(values) ? values : [values], function (_, v) {
          other = other || isOther(v);
        });
      });
      return other;
    },

    _onChange: function () {
      var own = this.el.find('input, textarea').filter(function () { return $(this).val(); });
      var hasError = this.el.find('.error, .is-invalid, .error-block').length > 0;
      var show = hasError || own.length > 0 || this.chosen();
      this.el.toggle(show);
    }
  };
});
