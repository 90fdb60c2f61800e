// Site search with Pagefind: the index is built with the site (_pagefind/), so nothing leaves the browser.
// A query in the address (?find=joint+working; not ?q=, which the theme's own search script claims on every page) is searched at once, so a search can be linked to.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("nhs-search");
    if (!box || !window.PagefindUI) { return; }
    var ui = new window.PagefindUI({ element: "#nhs-search", showSubResults: true, showImages: false,
                                     resetStyles: false, translations: { placeholder: "Search the site" } });
    var query = new URLSearchParams(window.location.search).get("find");
    if (query) { ui.triggerSearch(query); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
