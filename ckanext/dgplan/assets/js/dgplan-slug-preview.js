/* dgplan-slug-preview: fill in the dataset URL name from its Thai title.
 *
 * On the name input:
 *
 *   <input id="field-name" data-module="dgplan-slug-preview"
 *          data-module-source="#field-title" data-module-id="">
 *
 * While the title is typed, the module asks the action dgplan_slug_preview
 * for the name the server would generate (romanized, unique) and puts it in
 * the input, with a short preview below it.  A name the user typed, or the
 * name of a dataset being edited, is never overwritten; clearing the input
 * turns the filling on again.
 */
this.ckan.module('dgplan-slug-preview', function ($) {
  'use strict';

  return {
    options: {
      source: '#field-title',
      action: 'dgplan_slug_preview',
      id: '',
      delay: 300
    },

    initialize: function () {
      $.proxyAll(this, /_on/);

      var form = this.el.closest('form');
      this.title = (form.length ? form : $(document)).find(this.options.source).first();
      this.timer = null;
      this.sequence = 0;
      this.manual = $.trim(this.el.val()) !== '';

      this.preview = $('<small class="form-text text-muted dgplan-slug-preview" aria-live="polite"></small>');
      var group = this.el.closest('.form-group, .control-group');
      (group.length ? group : this.el.parent()).append(this.preview);

      this.el.on('input', this._onNameInput);
      if (this.title.length) {
        this.title.on('input change', this._onTitleInput);
      }
    },

    teardown: function () {
      clearTimeout(this.timer);
      this.el.off('input', this._onNameInput);
      if (this.title && this.title.length) {
        this.title.off('input change', this._onTitleInput);
      }
    },

    _onNameInput: function () {
      this.manual = $.trim(this.el.val()) !== '';
      if (this.manual) {
        this.preview.text('');
      } else {
        this._onTitleInput();
      }
    },

    _onTitleInput: function () {
      if (this.manual) {
        return;
      }
      clearTimeout(this.timer);
      this.timer = setTimeout(this._onTimer, this.options.delay);
    },

    _onTimer: function () {
      var title = $.trim(this.title.val() || '');
      var sequence = ++this.sequence;
      if (title === '') {
        this.preview.text('');
        return;
      }
      var query = '?title=' + encodeURIComponent(title);
      if (typeof this.options.id === 'string' && this.options.id !== '') {
        query += '&id=' + encodeURIComponent(this.options.id);
      }
      this.sandbox.client.call('GET', this.options.action, query,
        this._onResult(sequence), this._onError);
    },

    _onResult: function (sequence) {
      var module = this;
      return function (response) {
        // an answer to an older title, or the user typed a name meanwhile
        if (sequence !== module.sequence || module.manual) {
          return;
        }
        var slug = response && response.result ? response.result.slug : '';
        module.el.val(slug);
        module.preview.text(slug ? module._('URL') + ': ' + slug : '');
      };
    },

    _onError: function () {
      this.preview.text('');
    }
  };
});
