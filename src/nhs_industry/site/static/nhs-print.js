// Printing a timeline: a line printed above the chart saying when and from which address it was printed and what
// it shows (the filters, the years, the story's step), and the chart scaled to fit A4 landscape whole
// (nhs-present-print.css). Both are kept up to date as the chart is drawn, so nothing has to run at print time.
(function () {
  "use strict";

  var el = window.NHS.el;
  // A4 landscape less its 10 mm margins, in CSS pixels: 277 x 190 mm. The chart is given a little less height,
  // so the printed line above it fits on the same sheet.
  var PRINT_WIDTH = 1040, PRINT_HEIGHT = 640;
  // The timeline's own page (.nhs-wide) prints its title and the count of entries on the chart's sheet too
  // (nhs-present-print.css): about 140 px more above the chart.
  var PRINT_HEIGHT_UNDER_TITLE = 500;

  // One formatter for every date: toLocaleDateString builds one each call (about 6 ms each here, three a refresh,
  // and the first refresh runs while the page is still loading).
  var LONG_DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" });

  function longDate(value) {
    var when = new Date(value);
    return isNaN(when) ? "" : LONG_DATE.format(when);
  }

  function checkedLabels(form, name) {
    return Array.prototype.filter.call(form.querySelectorAll("input[name='" + name + "']"), function (i) { return i.checked; })
      .map(function (i) { return i.parentElement.textContent.trim(); });
  }

  // The filters in force, in the words the form shows them.
  function filtersText(form) {
    if (!form) { return ""; }
    var kinds = form.querySelectorAll("input[name='kinds']");
    var chosen = checkedLabels(form, "kinds");
    var theme = form.querySelector("select[name='theme']");
    var layers = checkedLabels(form, "layers");
    var rows = checkedLabels(form, "lanes");
    return ["Rows " + (rows[0] || "by kind"),
            chosen.length === kinds.length ? "all kinds" : "kinds: " + (chosen.join(", ") || "none"),
            theme && theme.value ? "theme: " + theme.options[theme.selectedIndex].textContent : "all themes",
            form.querySelector("input[name='low']").checked ? "low-confidence entries shown" : "low-confidence entries hidden",
            layers.length ? "with " + layers.join(" and ") : "instruments only"].join("; ") + ". ";
  }

  function storyText(element) {
    var heading = element.querySelector(".nhs-story h3"), counter = element.querySelector(".nhs-story-counter");
    return heading && counter ? counter.textContent + ": " + heading.textContent.replace(/^\d+\.\s*/, "") + ". " : "";
  }

  function yearsText(plot) {
    var range = plot && plot.layout && plot.layout.xaxis && plot.layout.xaxis.range;
    return range ? "Dates shown: " + longDate(range[0]) + " to " + longDate(range[1]) + ". " : "";
  }

  function describe(element, note) {
    var plot = element.querySelector(".nhs-timeline-plot");
    note.textContent = "Printed on " + longDate(Date.now()) + " from " + window.location.href + ". " +
      storyText(element) + filtersText(element.querySelector(".nhs-timeline-controls")) + yearsText(plot);
  }

  // The scale that fits the chart as drawn (at the screen's width) on the printed sheet; never enlarged.
  function fitForPrint(plot) {
    var size = plot && plot._fullLayout;
    if (!size) { return; }
    var height = plot.closest(".nhs-wide") ? PRINT_HEIGHT_UNDER_TITLE : PRINT_HEIGHT;
    plot.style.setProperty("--nhs-print-zoom", String(Math.min(1, PRINT_WIDTH / size.width, height / size.height)));
  }

  function setUp(element) {
    if (element.querySelector(".nhs-print-note")) { return; }
    var note = el("p", { class: "nhs-print-note" });
    element.insertBefore(note, element.firstChild);
    var refresh = function () {
      // The line sits right above the chart, so that the two start a printed sheet together (nhs-present-print.css);
      // a phone that asks for the chart empties the element and draws it again, and the line goes back above it.
      var plot = element.querySelector(".nhs-timeline-plot");
      if (plot && note.nextSibling !== plot) { plot.parentNode.insertBefore(note, plot); }
      if (!note.isConnected) { element.insertBefore(note, element.firstChild); }
      describe(element, note);
      fitForPrint(plot);
      if (plot && plot.on && !plot.dataset.printWatched) {
        plot.dataset.printWatched = "1";
        plot.on("plotly_relayout", refresh);  // a zoom by dragging or the range slider
      }
    };
    element.addEventListener("nhs-chart-ready", refresh);
    window.addEventListener("beforeprint", refresh);
    refresh();
  }

  function setUpAll() { document.querySelectorAll(".nhs-timeline").forEach(setUp); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUpAll); } else { setUpAll(); }
})();
