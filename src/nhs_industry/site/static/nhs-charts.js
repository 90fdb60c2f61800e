// Draws every chart on the page from the JSON spec placed beside it by nhs_industry.charts.
// The chart libraries are served from this site (_static/vendor/), never from another host.
(function () {
  "use strict";

  function specFor(element) {
    var holder = document.getElementById(element.dataset.spec);
    return holder ? JSON.parse(holder.textContent) : null;
  }

  var siteUrl = window.NHS.siteUrl;

  // A mark whose customdata is [id, page path] opens that page on click.
  function openEntryOnClick(element) {
    element.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var target = point && point.customdata && point.customdata[1];
      if (target) { window.location.href = siteUrl(target); }
    });
  }

  function drawPlotly(element) {
    var spec = specFor(element);
    if (!spec || !window.Plotly) { return; }
    window.Plotly.newPlot(element, spec.data, spec.layout, window.NHS.withSvgButton(spec.config)).then(function () {
      openEntryOnClick(element);
      element.dispatchEvent(new CustomEvent("nhs-chart-ready", { bubbles: true }));
    });
  }

  function drawVega(element) {
    var spec = specFor(element);
    if (!spec || !window.vegaEmbed) { return; }
    // Export (PNG/SVG) stays; the source, compiled and editor links would point off-site.
    window.vegaEmbed(element, spec, {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false }
    }).then(function () {
      // vega-embed's menu button is an icon only; give it a name screen readers can announce.
      var menu = element.querySelector("details > summary");
      if (menu) { menu.setAttribute("aria-label", "Save this chart as an image"); }
      element.dispatchEvent(new CustomEvent("nhs-chart-ready", { bubbles: true }));
    });
  }

  function drawAll() {
    document.querySelectorAll(".nhs-plotly").forEach(drawPlotly);
    document.querySelectorAll(".nhs-vega").forEach(drawVega);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
