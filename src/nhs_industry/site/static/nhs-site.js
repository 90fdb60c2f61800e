// Shared helpers for the site's scripts (loaded on every page, before any chart script),
// and small fixes to the theme that every page needs.
window.NHS = (function () {
  "use strict";
  var TITLE_MARGIN = 16;  // pixels above an exported image's title, so its first line clears the image's edge
  var TITLE_SIZE = 15;
  // A key's swatch colour: its fill, or for a split band (a coalition, drawn as a gradient) its first colour.
  function swatchColour(swatch) {
    var found = swatch.style.backgroundColor || (swatch.style.backgroundImage.match(/#[0-9a-f]{3,8}|rgba?\([^)]*\)/i) || [])[0];
    return found || "#333";
  }
  return {
    // Page paths in chart data are relative to the site root; Sphinx records where that is.
    siteUrl: function (path) {
      var root = document.documentElement.dataset.content_root || "./";
      return new URL(root + path, window.location.href).href;
    },
    // The chart's own save buttons (PNG and SVG) export an image that still says what it is when pasted
    // into slides: the figure's caption as its title with the view shown under it, a key, and a source line with the
    // site, its version and the page address. A PNG is drawn at the scale the chart's configuration asks for
    // (toImageButtonOptions, content/charts.py), sharp on a projector. Nothing leaves the browser.
    withSvgButton: function (config) {
      var copy = Object.assign({}, config);
      copy.modeBarButtonsToRemove = (copy.modeBarButtonsToRemove || []).concat(["toImage"]);
      copy.modeBarButtonsToAdd = (copy.modeBarButtonsToAdd || []).concat(["png", "svg"].map(function (format) {
        return {
          name: format === "png" ? "Download plot as a PNG" : "Download plot as SVG",
          icon: window.Plotly.Icons.camera,
          click: function (graph) { window.NHS.exportImage(graph, format, copy.toImageButtonOptions); }
        };
      }));
      return copy;
    },
    exportDecorations: function (graph) {
      var figure = graph.closest(".nhs-figure");
      var caption = figure && figure.querySelector("figcaption");
      // Every key of the figure: the marks' key and the timeline's key to its government and commissioning strips.
      var items = figure ? figure.querySelectorAll(".nhs-timeline-legend li") : [];
      var version = document.querySelector('meta[name="nhs-version"]');
      var site = document.querySelector('meta[name="nhs-site"]');
      var names = (graph.data || []).filter(function (t) { return t.mode && t.mode.indexOf("markers") >= 0 && t.name; })
        .map(function (t) { return "<span style='color:" + (t.marker && typeof t.marker.color === "string" ? t.marker.color : "#333") + "'>●</span> " + t.name; });
      // Every item of the page's key: a colour with its swatch; the shapes' explanation in its own parts (" · ").
      var key = items.length ? Array.prototype.concat.apply([], Array.prototype.map.call(items, function (li) {
        var swatch = li.querySelector(".nhs-swatch");
        return swatch ? ["<span style='color:" + swatchColour(swatch) + "'>■</span>" + li.textContent] : li.textContent.split(" · ");
      })).filter(Boolean) : names;
      // The caption's first sentence says what the chart is; the view (a timeline's filters, years or story step,
      // nhs-timeline.js) what this image of it shows.
      var what = caption ? caption.textContent.trim().split(/\.\s/)[0].replace(/\.$/, "") : document.title;
      return {
        title: [what].concat(graph.dataset.view ? [graph.dataset.view] : []),
        key: key.filter(function (v, i, all) { return all.indexOf(v) === i; }),
        source: "Source: " + (site ? site.content : document.title) + ", version " + (version ? version.content : "unknown") + ".",
        address: window.location.href.split("#")[0]
      };
    },
    // Text for an exported image, broken into lines of at most `width` pixels (an estimate: `charWidth` a character),
    // between the words or the key's items, so no line runs off the image.
    wrapLines: function (parts, width, charWidth, joiner) {
      var lines = [""];
      parts.forEach(function (part) {
        var line = lines[lines.length - 1], plain = function (t) { return t.replace(/<[^>]*>/g, ""); };
        var candidate = line ? line + joiner + part : part;
        if (line && plain(candidate).length * charWidth > width) { lines.push(part); } else { lines[lines.length - 1] = candidate; }
      });
      return lines;
    },
    // The exported figure: the chart's own plot area, with room above it for the title (wrapped, at the top of the
    // image) clear of anything the chart draws above its plot area (the timeline's strips), and room below for the
    // whole key and the source line with the page's address, both wrapped to the image's width (an address with a
    // view's filters in it is broken before a ? or an &).
    exportFigure: function (graph) {
      var deco = window.NHS.exportDecorations(graph);
      var margin = Object.assign({ t: 40, b: 40, l: 80, r: 80 }, graph.layout.margin || {});
      var width = graph.clientWidth || 1000, plotHeight = (graph.clientHeight || 500) - margin.t - margin.b;
      var above = 0;  // the highest paper y drawn above the plot area (1 is its top)
      (graph.layout.shapes || []).concat(graph.layout.annotations || []).forEach(function (item) {
        if (item.yref === "paper") { above = Math.max(above, (item.y1 !== undefined ? item.y1 : item.y) - 1); }
      });
      var title = Array.prototype.concat.apply([], deco.title.map(function (line) {
        return window.NHS.wrapLines(line.split(" "), width - 20, 8, " ");
      }));
      var key = window.NHS.wrapLines(deco.key, width - 20, 6.5, "   ");
      var source = window.NHS.wrapLines(deco.source.split(" "), width - 20, 5.5, " ")
        .concat(window.NHS.wrapLines(deco.address.split(/(?=[?&])/), width - 20, 5.5, ""));
      var titleRoom = TITLE_MARGIN + 20 * title.length;
      var top = titleRoom + Math.max(margin.t, Math.ceil(above * plotHeight) + 8);
      var keyTop = margin.b + 8, sourceTop = keyTop + 15 * key.length + 6;
      var bottom = sourceTop + 13 * source.length + 8, height = top + plotHeight + bottom;
      // The key and the source line start at the image's left edge, not the plot area's, to have its whole width.
      var left = -(margin.l - 10) / (width - margin.l - margin.r);
      var layout = Object.assign({}, graph.layout, {
        // In the exported image Plotly sets a title's first line on its anchor (the lines' own positions override the
        // shift that would hang them below it), and ignores its padding: so the anchor is placed a line lower than
        // the margin wanted above the title's first line.
        title: { text: title.join("<br>"), x: 0.01, xanchor: "left", xref: "container", y: 1 - (TITLE_MARGIN + TITLE_SIZE) / height,
                 yanchor: "top", yref: "container", font: { size: TITLE_SIZE } },
        margin: Object.assign({}, margin, { t: top, b: bottom, autoexpand: false }),
        annotations: (graph.layout.annotations || []).concat([
          { text: key.join("<br>"), xref: "paper", yref: "paper", x: left, y: 0, yshift: -keyTop, xanchor: "left", yanchor: "top",
            showarrow: false, font: { size: 10 }, align: "left", name: "export-key" },
          { text: source.join("<br>"), xref: "paper", yref: "paper", x: left, y: 0, yshift: -sourceTop,
            xanchor: "left", yanchor: "top", showarrow: false, font: { size: 9, color: "#444" }, align: "left", name: "export-source" }])
      });
      return { data: graph.data, layout: layout, width: width, height: height };
    },
    exportImage: function (graph, format, options) {
      var figure = window.NHS.exportFigure(graph);
      var scale = format === "png" && options && options.scale || 1;
      return window.Plotly.toImage({ data: figure.data, layout: figure.layout },
                                   { format: format, width: figure.width, height: figure.height, scale: scale }).then(function (url) {
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

// The menu and page-contents buttons. pydata-sphinx-theme 0.17 opens its sidebars from the first .primary-toggle and
// .secondary-toggle on the page (document.querySelector), and with sphinx-book-theme that is a button hidden in the
// header: the visible ones, in the article's header, did nothing, so a phone could not open the menu or the page's
// contents, and a laptop could not fold the menu away (pydata/pydata-sphinx-theme#2451,
// executablebooks/sphinx-book-theme#988). A press on a visible button is passed to the theme's own, which opens the
// sidebar as a dialog on a phone and folds it on a wide screen (sphinx-book-theme's handler), as the themes intend.
// Not pinned away instead: sphinx-book-theme 1.2 with pydata-sphinx-theme 0.16 brings back Bootstrap's ScrollSpy,
// which throws on the practice pages' year links ("#2005"), and links in tables below the contrast axe asks for.
// Once the theme opens its dialog from the button pressed, this passes nothing on (the dialog is already open);
// delete it then. tests/test_first_minute.py taps both buttons at 375 px.
(function () {
  "use strict";
  function passToTheThemesButton(selector, dialogId) {
    var buttons = document.querySelectorAll(selector), dialog = document.getElementById(dialogId);
    Array.prototype.slice.call(buttons, 1).forEach(function (button) {
      button.addEventListener("click", function () {
        // After the press has reached every listener: only if the theme did not answer it itself.
        window.setTimeout(function () { if (!(dialog && dialog.open)) { buttons[0].click(); } }, 0);
      });
    });
  }
  function bindVisibleToggles() {
    passToTheThemesButton(".primary-toggle", "pst-primary-sidebar-modal");
    passToTheThemesButton(".secondary-toggle", "pst-secondary-sidebar-modal");
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", bindVisibleToggles); } else { bindVisibleToggles(); }
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
