// Small fixes to the theme that every page needs.
(function () {
  "use strict";
  // The theme's expand/collapse toggles in the page list have no text; screen readers need a name.
  function nameNavigationToggles() {
    document.querySelectorAll(".bd-sidebar details > summary").forEach(function (summary) {
      if (summary.textContent.trim() || summary.getAttribute("aria-label")) { return; }
      var link = summary.parentElement.parentElement.querySelector(":scope > a");
      summary.setAttribute("aria-label", "Show or hide the pages under " + (link ? link.textContent.trim() : "this section"));
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", nameNavigationToggles); } else { nameNavigationToggles(); }
})();
