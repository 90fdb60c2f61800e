// Site search with Pagefind: the index is built with the site (_pagefind/), so nothing leaves the browser.
// A query in the address (?find=joint+working; not ?q=, which the theme's own search script claims on every page) is searched at once, so a search can be linked to.
(function () {
  "use strict";
  // What a page is the page for (content/pages.py: PRACTICE_META, MILESTONE_META) counts twice as much as its title
  // (Pagefind's default title weight is 5): a practice's name or definition, and a key milestone's short title, put
  // their pages first, before the shorter pages that only share a word (or, stemmed, a root) with them.
  var META_WEIGHTS = { title: 5, practice: 10, milestone: 10 };
  function start() {
    var box = document.getElementById("nhs-search");
    if (!box || !window.PagefindUI) { return; }
    var ui = new window.PagefindUI({ element: "#nhs-search", showSubResults: true, showImages: false,
                                     resetStyles: false, translations: { placeholder: "Search the site" },
                                     ranking: { metaWeights: META_WEIGHTS } });
    var query = new URLSearchParams(window.location.search).get("find");
    if (query) { whenFiltersLoaded(function () { ui.triggerSearch(query); }); }
  }
  // Pagefind UI (1.6) lists the filter groups that its first search result counts; a search started as the UI
  // starts runs while the groups' index files are still arriving, and may list only some of them (seen under
  // load: "Era" and "Kind" without "Type") until the reader searches again. So the groups are loaded first, in
  // the same Pagefind module the UI imports (the same address: one instance), then the search is run.
  function whenFiltersLoaded(then) {
    var script = document.querySelector('script[src*="pagefind-ui.js"]');
    if (!script) { then(); return; }
    var bundle = new URL(script.src).pathname.replace(/pagefind-ui\.js.*$/, "");
    import(bundle + "pagefind.js").then(function (pagefind) { return pagefind.filters(); })
      .catch(function () { /* the search below reports its own failure */ })
      .then(then);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
