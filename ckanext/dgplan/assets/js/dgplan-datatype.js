/* dgplan-datatype: show a form group only for the dataset types it applies to.
 *
 * Put the module on the element to show or hide, with the data_type codes
 * it applies to:
 *
 *   <div data-module="dgplan-datatype" data-dgplan-types="record statistical">
 *
 * The current type is read from the data_type select of the same form
 * (option `source`, default "#field-data_type") and followed as it changes.
 * Where the form has no such select (the resource form) the type comes from
 * the option `current` (data-module-current="statistical").
 *
 * The element is hidden while no type, or another type, is chosen, unless it
 * shows a validation error.  Hidden inputs keep their values: the server
 * does not require fields that do not apply to the chosen type.
 */
this.ckan.module('dgplan-datatype', function ($) {
  'use strict';

  return {
    options: {
      current: '',
      source: '#field-data_type'
    },

    initialize: function () {
      $.proxyAll(this, /_on/);

      var types = this.el.attr('data-dgplan-types') || '';
      this.types = $.grep(types.split(/[\s,]+/), function (t) { return t !== ''; });

      var form = this.el.closest('form');
      this.source = (form.length ? form : $(document)).find(this.options.source).first();
      if (this.source.length) {
        this.source.on('change', this._onChange);
      }
      this._onChange();
    },

    teardown: function () {
      if (this.source && this.source.length) {
        this.source.off('change', this._onChange);
      }
    },

    currentType: function () {
      if (this.source && this.source.length) {
        return String(this.source.val() || '');
      }
      return String(this.options.current || '');
    },

    applies: function (type) {
      if (!this.types.length) {
        return true;
      }
      return type !== '' && $.inArray(type, this.types) !== -1;
    },

    _onChange: function () {
      var hasError = this.el.find('.error, .is-invalid, .error-block').length > 0;
      var show = hasError || this.applies(this.currentType());
      this.el.toggle(show);
      this.el.attr('aria-hidden', show ? null : 'true');
    }
  };
});
