// The read-also block's article chooser: Wagtail's page chooser, which also
// sends the headline being written (#id_title) when it opens its modal, so the
// modal can offer the stories most like the draft first. Wagtail's own page
// chooser leaves linked fields out of its modal options, hence this wrapper.
// Wagtail's factory is looked up when a block is built, not when this file
// runs: the admin may load this file before page-chooser-telepath.js.
(function () {
  function ReadAlsoChooserFactory(html, idPattern, opts) {
    const PageChooserFactory = window.telepath.constructors['wagtail.widgets.PageChooser'];
    const factory = new PageChooserFactory(html, idPattern, opts);
    const PageChooser = factory.widgetClass;
    const parameter = opts.similarToParameter;
    factory.widgetClass = class extends PageChooser {
      getModalOptions() {
        const options = super.getModalOptions();
        const headline = document.querySelector('#id_title');
        if (headline && headline.value.trim()) {
          options.linkedFieldFilters = { [parameter]: headline.value.trim() };
        }
        return options;
      }
    };
    return factory;
  }

  window.telepath.register('akhbar.widgets.ReadAlsoChooser', ReadAlsoChooserFactory);
})();
