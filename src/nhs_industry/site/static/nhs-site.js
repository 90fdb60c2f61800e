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
    // The chart's own save buttons (PNG and SVG) export an image that still says what it is when pasted
    // into slides: the figure's caption as its title, a key, and a source line with the site, its
    // version and the page address. Nothing leaves the browser.
    withSvgButton: function (config) {
      var copy = Object.assign({}, config);
      copy.modeBarButtonsToRemove = (copy.modeBarButtonsToRemove || []).concat(["toImage"]);
      copy.modeBarButtonsToAdd = (copy.modeBarButtonsToAdd || []).concat(["png", "svg"].map(function (format) {
        return {
          name: format === "png" ? "Download plot as a PNG" : "Download plot as SVG",
          icon: window.Plotly.Icons.camera,
          click: function (graph) { window.NHS.exportImage(graph, format); }
        };
      }));
      return copy;
    },
    exportDecorations: function (graph) {
      var figure = graph.closest(".nhs-figure");
      var caption = figure && figure.querySelector("figcaption");
      var legend = figure && figure.querySelector(".nhs-timeline-legend");
      var version = document.querySelector('meta[name="nhs-version"]');
      var site = document.querySelector('meta[name="nhs-site"]');
      var names = (graph.data || []).filter(function (t) { return t.mode && t.mode.indexOf("markers") >= 0 && t.name; })
        .map(function (t) { return "<span style='color:" + (t.marker && typeof t.marker.color === "string" ? t.marker.color : "#333") + "'>●</span> " + t.name; });
      var key = legend ? Array.prototype.map.call(legend.querySelectorAll("li"), function (li) {
        var swatch = li.querySelector(".nhs-swatch");
        return swatch ? "<span style='color:" + swatch.style.backgroundColor + "'>■</span>" + li.textContent : "";
      }).filter(Boolean) : names;
      return {
        title: caption ? caption.textContent.trim() : document.title,
        key: key.filter(function (v, i, all) { return all.indexOf(v) === i; }).join("   "),
        source: "Source: " + (site ? site.content : document.title) + ", version " + (version ? version.content : "unknown") +
                ". " + window.location.href.split("#")[0]
      };
    },
    exportImage: function (graph, format) {
      var deco = window.NHS.exportDecorations(graph);
      var width = graph.clientWidth || 1000, height = (graph.clientHeight || 500) + 150;
      var layout = Object.assign({}, graph.layout, {
        title: { text: deco.title, x: 0.01, xanchor: "left", font: { size: 15 } },
        margin: Object.assign({}, graph.layout.margin, { t: ((graph.layout.margin || {}).t || 40) + 40, b: ((graph.layout.margin || {}).b || 40) + 70 }),
        annotations: (graph.layout.annotations || []).concat([
          { text: deco.key, xref: "paper", yref: "paper", x: 0, y: 0, yshift: -((graph.layout.margin || {}).b || 40) - 20,
            xanchor: "left", yanchor: "top", showarrow: false, font: { size: 10 }, align: "left", name: "export-key" },
          { text: deco.source, xref: "paper", yref: "paper", x: 0, y: 0, yshift: -((graph.layout.margin || {}).b || 40) - 45,
            xanchor: "left", yanchor: "top", showarrow: false, font: { size: 9, color: "#444" }, align: "left", name: "export-source" }])
      });
      return window.Plotly.toImage({ data: graph.data, layout: layout }, { format: format, width: width, height: height }).then(function (url) {
        var link = document.createElement("a");
        link.href = url; link.download = "chart." + format;
        document.body.appendChild(link); link.click(); link.remove();
        return url;
      });
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

// An entry page's context chart scrolls sideways on a phone (nhs.css): open it on the entry itself, its ringed
// mark, or on the middle of the chart (the entry's own date) when the entry has no mark of its own.
(function () {
  "use strict";
  function showTheEntry() {
    document.querySelectorAll(".nhs-context-scroll").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth) { return; }
      var mark = box.querySelector(".nhs-ringed");
      var at = mark && mark.getBoundingClientRect();
      var centre = at ? at.left + at.width / 2 - box.getBoundingClientRect().left + box.scrollLeft : box.scrollWidth / 2;
      box.scrollLeft = centre - box.clientWidth / 2;
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", showTheEntry); } else { showTheEntry(); }
})();

// "Cite this page": fill in the page's own address and today's date, and make the copy buttons work.
(function () {
  "use strict";
  function fillCitations() {
    var accessed = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    var url = window.location.href.split("#")[0].split("?")[0];
    // The embed snippet names this site's own address.
    document.querySelectorAll(".nhs-embed-code").forEach(function (pre) {
      pre.textContent = pre.textContent.replace("{site}", window.NHS.siteUrl(""));
    });
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

// "Suggest a correction": the issue it opens names the page's full address, as the reader sees it.
(function () {
  "use strict";
  function fillAddresses() {
    document.querySelectorAll("a.nhs-suggest").forEach(function (link) {
      var url = new URL(link.href);
      var body = url.searchParams.get("body") || "";
      url.searchParams.set("body", body.replace(/^Page: .*$/m, "Page: " + window.location.href.split("#")[0].split("?")[0]));
      link.href = url.toString();
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", fillAddresses); } else { fillAddresses(); }
})();
