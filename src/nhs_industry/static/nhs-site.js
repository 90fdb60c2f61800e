// Shared helpers for the site's scripts (loaded on every page, before any chart script),
// and small fixes to the theme that every page needs.
window.NHS = (function () {
  "use strict";
  return {
    // Page paths in chart data are relative to the site root; Sphinx records where that is.
    siteUrl: function (path) {
      var root = document.documentElement.dataset.content_root || "./";
      return new URL(root + path, window.location.href).href;
    },
    // Plotly's own camera button saves PNG; this adds SVG, drawn in the browser like the PNG.
    withSvgButton: function (config) {
      var copy = Object.assign({}, config);
      copy.modeBarButtonsToAdd = (copy.modeBarButtonsToAdd || []).concat([{
        name: "Download plot as SVG",
        icon: window.Plotly.Icons.camera,
        click: function (graph) { window.Plotly.downloadImage(graph, { format: "svg", filename: "chart" }); }
      }]);
      return copy;
    },
    el: function (tag, attributes, children) {
      var node = document.createElement(tag);
      Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
      (children || []).forEach(function (child) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      });
      return node;
    }
  };
})();

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

// "Cite this page": fill in the page's own address and today's date, and make the copy buttons work.
(function () {
  "use strict";
  function fillCitations() {
    var accessed = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    var url = window.location.href.split("#")[0].split("?")[0];
    document.querySelectorAll(".nhs-cite-text").forEach(function (pre) {
      pre.textContent = pre.textContent.replace("{url}", url).replace("{accessed}", accessed);
    });
    document.querySelectorAll(".nhs-copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = button.parentElement.querySelector(".nhs-cite-text").textContent;
        var done = function () { button.textContent = "Copied"; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done);
        } else {
          var area = document.createElement("textarea");
          area.value = text; document.body.appendChild(area); area.select();
          document.execCommand("copy"); area.remove(); done();
        }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", fillCitations); } else { fillCitations(); }
})();
