// Views that travel: "Embed this view" beside the timeline's filters gives the <iframe> code of the chart-only page
// (embed/timeline.html, content/embed.py) showing the view the reader has made: the filters and zoom the timeline
// keeps in the page address (nhs-timeline.js, writeState). On the chart-only page itself, the link to the site
// opens the same view there.
(function () {
  "use strict";

  var el = window.NHS.el;
  // The address keys that make a view (nhs-timeline.js readState/writeState); others (?step=, ?find=) are not the view.
  var VIEW_KEYS = ["lanes", "kinds", "theme", "low", "layers", "from", "to"];
  // The frame's suggested height, from the chart and its keys as drawn on this page, grown for the narrowest frame
  // that still draws the chart (641 px; the host's width is not known): there the marks stack into taller rows
  // (measured: up to 1.15 times as tall) and the keys wrap onto more lines (about 1.5 times). AROUND_THE_CHART is
  // the title, status line, caption and source line (tests/test_views_travel.py measures 641 to 1280 px frames).
  var AROUND_THE_CHART = 140, PHONE_HEIGHT = 640, PLOT_GROWTH = 1.2, KEY_GROWTH = 1.5;

  function viewQuery() {
    var here = new URLSearchParams(window.location.search), view = new URLSearchParams();
    VIEW_KEYS.forEach(function (key) { if (here.has(key)) { view.set(key, here.get(key)); } });
    var query = view.toString();
    return query ? "?" + query : "";
  }

  function frameHeight(timeline) {
    var plot = timeline.querySelector(".nhs-timeline-plot");
    if (!plot || !plot.clientHeight) { return PHONE_HEIGHT; }
    var keys = Array.prototype.reduce.call(timeline.querySelectorAll(".nhs-timeline-legend, .nhs-strip-key"), function (sum, key) {
      return key.closest(".nhs-strip-key") && !key.classList.contains("nhs-strip-key") ? sum : sum + key.offsetHeight;
    }, 0);
    return Math.ceil(plot.clientHeight * PLOT_GROWTH + keys * KEY_GROWTH + AROUND_THE_CHART);
  }

  function embedCode(timeline) {
    var address = window.NHS.siteUrl("embed/timeline.html") + viewQuery();
    return '<iframe src="' + address.replace(/&/g, "&amp;").replace(/"/g, "&quot;") + '" ' +
      'title="Timeline of UK rules on NHS–industry collaboration" width="100%" height="' + frameHeight(timeline) +
      '" style="border:0" loading="lazy"></iframe>';
  }

  // ------------------------------------------------------------ the dialog (one per page)

  function dialog() {
    var existing = document.getElementById("nhs-embed-dialog");
    if (existing) { return existing; }
    var box = el("dialog", { id: "nhs-embed-dialog", class: "nhs-embed-dialog", "aria-labelledby": "nhs-embed-dialog-title" });
    var code = el("textarea", { id: "nhs-embed-dialog-code", class: "nhs-embed-dialog-code", readonly: "", rows: "5", spellcheck: "false" });
    var status = el("p", { class: "nhs-embed-dialog-status", role: "status", "aria-live": "polite" });
    var copy = el("button", { type: "button", class: "nhs-embed-copy" }, ["Copy the code"]);
    var close = el("button", { type: "button", class: "nhs-embed-close" }, ["Close"]);
    var preview = el("a", { class: "nhs-embed-preview", target: "_blank", rel: "noopener" }, ["Preview the embedded view (opens in a new tab)"]);
    box.appendChild(el("h2", { id: "nhs-embed-dialog-title" }, ["Embed this view"]));
    box.appendChild(el("p", {}, ["Paste this code into a course page or VLE. It shows the timeline with the filters and " +
      "years you have chosen, with its title, key and source; its links open this site."]));
    box.appendChild(el("label", { for: code.id }, ["Embed code"]));
    box.appendChild(code);
    box.appendChild(el("div", { class: "nhs-embed-dialog-actions" }, [copy, close]));
    box.appendChild(status);
    box.appendChild(el("p", {}, [preview]));
    copy.addEventListener("click", function () { copyCode(code, status); });
    close.addEventListener("click", function () { box.close(); });
    document.body.appendChild(box);
    return box;
  }

  // The clipboard where the browser offers it (a secure page); otherwise the code is selected for the reader to copy.
  function copyCode(code, status) {
    var selectIt = function () {
      code.focus(); code.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      status.textContent = copied ? "Copied the embed code." : "The code is selected: press Ctrl+C (or ⌘C on a Mac) to copy it.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.value).then(function () { status.textContent = "Copied the embed code."; }, selectIt);
    } else {
      selectIt();
    }
  }

  function open(timeline, opener) {
    var box = dialog();
    var code = box.querySelector("textarea");
    code.value = embedCode(timeline);
    box.querySelector(".nhs-embed-preview").href = window.NHS.siteUrl("embed/timeline.html") + viewQuery();
    box.querySelector(".nhs-embed-dialog-status").textContent = "";
    box.onclose = function () { if (opener.isConnected) { opener.focus(); } };
    box.showModal();
    code.focus(); code.select();
  }

  // The filters form is made again when the view is reset, so the button is added whenever a drawn timeline lacks it.
  function addButton(timeline) {
    var form = timeline.querySelector(".nhs-timeline-controls");
    if (!form || form.querySelector(".nhs-embed-view")) { return; }
    var button = el("button", { type: "button", class: "nhs-embed-view", "aria-haspopup": "dialog" }, ["Embed this view"]);
    button.addEventListener("click", function () { open(timeline, button); });
    form.appendChild(button);
  }

  // ------------------------------------------------------------ on the chart-only page

  function linkToTheSameView() {
    var link = document.querySelector(".nhs-embed-site");
    if (link) { link.href = window.NHS.siteUrl("book/timeline.html") + viewQuery(); }
  }

  function start() {
    document.querySelectorAll(".nhs-timeline").forEach(addButton);
    document.addEventListener("nhs-chart-ready", function (event) {
      var timeline = event.target.closest && event.target.closest(".nhs-timeline");
      if (timeline) { addButton(timeline); }
    });
    linkToTheSameView();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
