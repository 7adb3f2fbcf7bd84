/* dgplan-suggest: suggest plan goals and strategies for the dataset being edited.
 *
 *   <div data-module="dgplan-suggest"
 *        data-module-title="#field-title" data-module-notes="#field-notes"
 *        data-module-goals="#field-dgplan_goals" data-module-strategies="#field-dgplan_strategies"
 *        data-module-text-accept="Accept" ...>
 *     <button type="button" data-dgplan-suggest-run>...</button>
 *     <div data-dgplan-suggest-list aria-live="polite"></div>
 *   </div>
 *
 * The button sends the title and description to the action dgplan_tag_suggest and lists what
 * it suggests. Each suggestion can be accepted (its code is selected in the multi-select, as if
 * the publisher had ticked it) or ignored (it is removed from the list). Nothing is selected
 * without a click; translated texts come from data-module-text-* attributes.
 */
this.ckan.module('dgplan-suggest', function ($) {
  'use strict';

  return {
    options: {
      action: 'dgplan_tag_suggest',
      title: '#field-title',
      notes: '#field-notes',
      goals: '#field-dgplan_goals',
      strategies: '#field-dgplan_strategies',
      limit: 3,
      textAccept: 'Accept',
      textIgnore: 'Ignore',
      textAccepted: 'Selected',
      textMatched: 'Matched words',
      textNone: 'No goal or strategy matches the title and description.',
      textEmpty: 'Type a title or description first.',
      textError: 'Suggestions are not available right now.',
      textGoals: 'Suggested goals',
      textStrategies: 'Suggested strategies',
      textLoading: 'Looking for suggestions...'
    },

    initialize: function () {
      $.proxyAll(this, /_on/);
      var form = this.el.closest('form');
      this.scope = form.length ? form : $(document);
      this.list = this.el.find('[data-dgplan-suggest-list]');
      this.sequence = 0;
      this.el.on('click', '[data-dgplan-suggest-run]', this._onRun);
      this.el.on('click', '[data-dgplan-accept]', this._onAccept);
      this.el.on('click', '[data-dgplan-ignore]', this._onIgnore);
    },

    teardown: function () {
      this.el.off('click');
    },

    _text: function (name) {
      return this.options['text' + name.charAt(0).toUpperCase() + name.slice(1)];
    },

    _value: function (selector) {
      return $.trim(this.scope.find(selector).first().val() || '');
    },

    _select: function (kind) {
      return this.scope.find(this.options[kind]).first();
    },

    _onRun: function (event) {
      event.preventDefault();
      var title = this._value(this.options.title);
      var notes = this._value(this.options.notes);
      if (title === '' && notes === '') {
        this.list.text(this._text('empty'));
        return;
      }
      var sequence = ++this.sequence;
      this.list.text(this._text('loading'));
      var self = this;
      this.sandbox.client.call('POST', this.options.action,
        {title: title, notes: notes, limit: this.options.limit},
        function (response) {
          if (sequence === self.sequence) {
            self._render(response.result || {});
          }
        },
        function () {
          if (sequence === self.sequence) {
            self.list.text(self._text('error'));
          }
        });
    },

    _render: function (result) {
      this.list.empty();
      var groups = [['goals', this._text('goals')], ['strategies', this._text('strategies')]];
      var shown = 0;
      var lang = ($('html').attr('lang') || 'th').split(/[-_]/)[0];
      for (var g = 0; g < groups.length; g++) {
        var kind = groups[g][0];
        var items = result[kind] || [];
        if (!items.length || !this._select(kind).length) {
          continue;
        }
        var heading = $('<p class="dgplan-suggest-heading"></p>').text(groups[g][1]);
        var ul = $('<ul class="list-unstyled dgplan-suggest-items"></ul>');
        for (var i = 0; i < items.length; i++) {
          ul.append(this._item(kind, items[i], lang));
          shown++;
        }
        this.list.append(heading, ul);
      }
      if (!shown) {
        this.list.text(this._text('none'));
      }
    },

    _item: function (kind, item, lang) {
      var name = (item.name && (item.name[lang] || item.name.th || item.name.en)) || '';
      var li = $('<li class="dgplan-suggest-item"></li>').attr('data-code', item.code).attr('data-kind', kind);
      li.append($('<strong></strong>').text(item.code + ' ' + name));
      if (item.matched && item.matched.length) {
        li.append(' ', $('<small class="text-muted"></small>')
          .text('(' + this._text('matched') + ': ' + item.matched.slice(0, 5).join(', ') + ')'));
      }
      var option = this._select(kind).find('option').filter(function () { return this.value === item.code; });
      if (option.prop('selected')) {
        li.append(' ', $('<span class="badge"></span>').text(this._text('accepted')));
        return li;
      }
      var label = item.code + ' ' + name;
      li.append(' ',
        $('<button type="button" class="btn btn-primary btn-xs btn-sm" data-dgplan-accept></button>')
          .text(this._text('accept')).attr('aria-label', this._text('accept') + ': ' + label),
        ' ',
        $('<button type="button" class="btn btn-default btn-xs btn-sm" data-dgplan-ignore></button>')
          .text(this._text('ignore')).attr('aria-label', this._text('ignore') + ': ' + label));
      return li;
    },

    _onAccept: function (event) {
      event.preventDefault();
      var li = $(event.currentTarget).closest('li');
      var select = this._select(li.attr('data-kind'));
      var code = li.attr('data-code');
      select.find('option').filter(function () { return this.value === code; }).prop('selected', true);
      select.trigger('change');
      li.find('button').remove();
      li.append($('<span class="badge"></span>').text(this._text('accepted')));
    },

    _onIgnore: function (event) {
      event.preventDefault();
      var li = $(event.currentTarget).closest('li');
      var next = li.next('li').find('button').first();
      li.remove();
      if (next.length) {
        next.trigger('focus');
      }
    }
  };
});
