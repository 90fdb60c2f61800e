// The interactive timeline. nhs_industry.timeline computes rows, bands and lanes from the data at
// build time; this file only filters them and draws them with the site's own copy of plotly.js.
// Filters live in the page address (?lanes=theme&kinds=act,circular...) so a view can be shared.
(function () {
  "use strict";

  var el = window.NHS.el;
  var siteUrl = window.NHS.siteUrl;

  // ------------------------------------------------------------ state <-> address

  function defaultState(spec) {
    return {
      lanes: "kind",
      kinds: spec.kinds.map(function (k) { return k.value; }),
      theme: "",
      low: true,
      layers: spec.layers.slice()
    };
  }

  function readState(spec) {
    var state = defaultState(spec);
    if (!spec.controls) { return state; }
    var query = new URLSearchParams(window.location.search);
    if (query.get("lanes") === "theme") { state.lanes = "theme"; }
    if (query.has("kinds")) { state.kinds = query.get("kinds").split(",").filter(Boolean); }
    if (query.has("theme")) { state.theme = query.get("theme"); }
    if (query.get("low") === "0") { state.low = false; }
    if (query.has("layers")) { state.layers = query.get("layers").split(",").filter(Boolean); }
    return state;
  }

  function writeState(spec, state) {
    var query = new URLSearchParams();
    var allKinds = spec.kinds.length === state.kinds.length;
    if (state.lanes !== "kind") { query.set("lanes", state.lanes); }
    if (!allKinds) { query.set("kinds", state.kinds.join(",")); }
    if (state.theme) { query.set("theme", state.theme); }
    if (!state.low) { query.set("low", "0"); }
    if (state.layers.length) { query.set("layers", state.layers.join(",")); }
    var search = query.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
  }

  // ------------------------------------------------------------ which rows, in which lanes

  function visibleRows(spec, state) {
    return spec.rows.filter(function (row) {
      if (!state.low && row.confidence === "low") { return false; }
      if (row.layer !== "instrument") { return state.layers.indexOf(row.layer) >= 0; }
      if (state.kinds.indexOf(row.kind) < 0) { return false; }
      return !state.theme || row.themes.indexOf(state.theme) >= 0;
    });
  }

  // An instrument with several themes stands in each of its theme lanes.
  function placed(spec, rows, state) {
    var themeLabel = {};
    spec.themes.forEach(function (t) { themeLabel[t.value] = t.label; });
    var out = [];
    rows.forEach(function (row) {
      if (state.lanes === "theme" && row.layer === "instrument") {
        row.themes.forEach(function (theme) { out.push({ row: row, lane: themeLabel[theme] }); });
      } else {
        out.push({ row: row, lane: row.lane });
      }
    });
    return out;
  }

  // ------------------------------------------------------------ plotly traces and layout

  function markerTraces(spec, items) {
    var byColour = {};
    items.forEach(function (item) {
      var key = item.row.colour + "|" + item.row.layer + "|" + item.row.kind;
      (byColour[key] = byColour[key] || []).push(item);
    });
    return Object.keys(byColour).map(function (key) {
      var group = byColour[key];
      return {
        type: "scatter", mode: "markers", name: group[0].row.kind, showlegend: false,
        x: group.map(function (i) { return i.row.mid; }),
        y: group.map(function (i) { return i.lane; }),
        hovertext: group.map(function (i) { return i.row.hover; }), hoverinfo: "text",
        customdata: group.map(function (i) { return [i.row.id, i.row.url]; }),
        marker: {
          color: group[0].row.colour, size: 13, line: { width: 1, color: "#333" },
          // Hollow marks: entries we are less sure of.
          symbol: group.map(function (i) { return spec.symbols[i.row.confidence]; })
        }
      };
    });
  }

  // A date known only to a year or month is drawn as a bar across that whole span.
  function spanTrace(items) {
    var x = [], y = [];
    items.forEach(function (item) {
      if (item.row.precision !== "day") { x.push(item.row.start, item.row.end, null); y.push(item.lane, item.lane, null); }
    });
    return { type: "scatter", mode: "lines", x: x, y: y, hoverinfo: "skip", showlegend: false,
             line: { color: "rgba(0,0,0,0.35)", width: 6 }, name: "date span" };
  }

  function supersessionTrace(items) {
    var where = {};
    items.forEach(function (item) { where[item.row.id] = where[item.row.id] || item; });
    var x = [], y = [];
    items.forEach(function (item) {
      item.row.supersedes.forEach(function (old) {
        if (where[old]) { x.push(where[old].row.mid, item.row.mid, null); y.push(where[old].lane, item.lane, null); }
      });
    });
    return { type: "scatter", mode: "lines", x: x, y: y, hoverinfo: "skip", showlegend: false,
             line: { color: "#555", width: 1, dash: "dot" }, name: "supersedes" };
  }

  // Government strip: short party names in the strip, the full label on hover.
  var PARTY_SHORT = { "Conservative": "Con", "Labour": "Lab", "Conservative–Liberal Democrat coalition": "Coalition" };

  function bandShapes(spec) {
    var shapes = [], annotations = [];
    spec.bands.forEach(function (band) {
      var top = band.kind === "government";
      shapes.push({ type: "rect", xref: "x", yref: "paper", x0: band.start, x1: band.end,
                    y0: top ? 1.0 : 0, y1: top ? 1.06 : 1.0, fillcolor: band.colour, line: { width: 0 }, layer: "below" });
      var party = band.label.replace(/ \(.*\)$/, "");
      annotations.push(top ? {
        x: band.start, xref: "x", xanchor: "left", yref: "paper", y: 1.03, yanchor: "middle",
        text: PARTY_SHORT[party] || party.split(" ")[0], hovertext: band.label, showarrow: false,
        font: { size: 10, color: "#333" }
      } : {
        // Era names run up the left edge of their band, so narrow eras do not collide.
        x: band.start, xref: "x", xanchor: "left", yref: "paper", y: 0.02, yanchor: "bottom",
        text: band.label, textangle: -90, showarrow: false, font: { size: 9, color: "#555" }
      });
    });
    return { shapes: shapes, annotations: annotations };
  }

  // The axis covers every entry's date span with modest padding, computed from the data at build time.
  function initialRange(spec) { return spec.range || undefined; }

  function laneOrder(spec, state, items) {
    var used = {};
    items.forEach(function (item) { used[item.lane] = true; });
    return spec.lanes[state.lanes].filter(function (lane) { return used[lane]; });
  }

  function draw(plot, spec, state) {
    var rows = visibleRows(spec, state);
    var items = placed(spec, rows, state);
    var lanes = laneOrder(spec, state, items);
    var bands = bandShapes(spec);
    var traces = [spanTrace(items), supersessionTrace(items)].concat(markerTraces(spec, items));
    var layout = {
      template: "plotly_white", height: Math.max(320, 140 + 42 * lanes.length),
      margin: { l: 10, r: 10, t: 40, b: 30 }, hovermode: "closest", hoverlabel: { align: "left" },
      showlegend: false, shapes: bands.shapes, annotations: bands.annotations,
      xaxis: { type: "date", rangeslider: { visible: true, thickness: 0.08, autorange: true },
               range: initialRange(spec) },
      yaxis: { type: "category", categoryorder: "array", categoryarray: lanes.slice().reverse(), automargin: true, fixedrange: true }
    };
    plot.dataset.marks = String(items.length);
    plot.dataset.entries = String(rows.length);
    return window.Plotly.react(plot, traces, layout, window.NHS.withSvgButton(spec.config));
  }

  // ------------------------------------------------------------ controls (native inputs: keyboard and screen-reader friendly)

  function checkbox(name, value, label, checked) {
    var input = el("input", { type: "checkbox", name: name, value: value });
    input.checked = checked;
    return el("label", { class: "nhs-control" }, [input, " " + label]);
  }

  function controls(spec, state, onChange) {
    var form = el("form", { class: "nhs-timeline-controls", "aria-label": "Timeline filters" });
    var lanes = el("fieldset", {}, [el("legend", {}, ["Rows"])]);
    [["kind", "by kind"], ["theme", "by theme"]].forEach(function (pair) {
      var input = el("input", { type: "radio", name: "lanes", value: pair[0] });
      input.checked = state.lanes === pair[0];
      lanes.appendChild(el("label", { class: "nhs-control" }, [input, " " + pair[1]]));
    });
    var kinds = el("fieldset", {}, [el("legend", {}, ["Kinds of instrument"])]);
    spec.kinds.forEach(function (kind) {
      var box = checkbox("kinds", kind.value, kind.label, state.kinds.indexOf(kind.value) >= 0);
      box.insertBefore(el("span", { class: "nhs-swatch", style: "background:" + kind.colour, "aria-hidden": "true" }), box.lastChild);
      kinds.appendChild(box);
    });
    var theme = el("select", { name: "theme", id: "nhs-theme-" + Math.random().toString(36).slice(2) });
    theme.appendChild(el("option", { value: "" }, ["All themes"]));
    spec.themes.forEach(function (t) {
      var option = el("option", { value: t.value }, [t.label]);
      option.selected = state.theme === t.value;
      theme.appendChild(option);
    });
    var other = el("fieldset", {}, [el("legend", {}, ["Show"]),
      checkbox("low", "1", "low-confidence entries (hollow marks)", state.low),
      checkbox("layers", "partnership", "partnerships", state.layers.indexOf("partnership") >= 0),
      checkbox("layers", "quote", "quotations", state.layers.indexOf("quote") >= 0)]);
    form.appendChild(lanes);
    form.appendChild(kinds);
    form.appendChild(el("label", { class: "nhs-control", for: theme.id }, ["Theme "]));
    form.appendChild(theme);
    form.appendChild(other);
    form.addEventListener("change", function () {
      var data = new FormData(form);
      onChange({
        lanes: data.get("lanes") || "kind",
        kinds: data.getAll("kinds"),
        theme: data.get("theme") || "",
        low: data.get("low") === "1",
        layers: data.getAll("layers")
      });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    return form;
  }

  // A key under the chart, so the colours and shapes read on paper too (the filters are not printed).
  function legend(spec) {
    var present = {};
    spec.rows.forEach(function (row) { present[row.kind] = row.colour; });
    var items = spec.kinds.filter(function (k) { return present[k.value]; }).map(function (k) { return [k.colour, k.label]; });
    if (present.partnership) { items.push([present.partnership, "Partnership"]); }
    if (present.quote) { items.push([present.quote, "Quotation"]); }
    var list = el("ul", { class: "nhs-timeline-legend", "aria-label": "Key to the timeline" }, items.map(function (item) {
      return el("li", {}, [el("span", { class: "nhs-swatch", style: "background:" + item[0], "aria-hidden": "true" }), " " + item[1]]);
    }));
    list.appendChild(el("li", {}, ["● well sourced · ◆ one secondary source · ○ uncertain · grey bar: date known only to the year or month · dotted line: replaced"]));
    return list;
  }

  // Entries of a shown layer that have no date cannot be placed on the axis: say so, and list them.
  function renderUndated(box, spec, state) {
    box.innerHTML = "";
    var missing = (spec.undated || []).filter(function (u) { return state.layers.indexOf(u.layer) >= 0; });
    if (!missing.length) { return; }
    box.appendChild(el("p", {}, [missing.length + " shown " + (missing.length === 1 ? "entry has" : "entries have") +
      " no known date and " + (missing.length === 1 ? "is" : "are") + " not drawn:"]));
    box.appendChild(el("ul", {}, missing.map(function (u) {
      var what = u.layer === "quote" ? "Quotation: " : "Partnership: ";
      return el("li", {}, [what, u.url ? el("a", { href: siteUrl(u.url) }, [u.title]) : u.title]);
    })));
  }

  function setUp(element) {
    var holder = document.getElementById(element.dataset.spec);
    if (!holder || !window.Plotly) { return; }
    var spec = JSON.parse(holder.textContent);
    var state = readState(spec);
    var plot = el("div", { class: "nhs-timeline-plot" });
    var status = el("p", { class: "nhs-timeline-status", role: "status", "aria-live": "polite" });
    function update(next) {
      state = next;
      if (spec.controls) { writeState(spec, state); }
      draw(plot, spec, state).then(function () {
        var entries = Number(plot.dataset.entries), marks = Number(plot.dataset.marks);
        status.textContent = entries + (entries === 1 ? " entry" : " entries") + " shown" +
          (marks !== entries ? " (" + marks + " marks: an instrument with several themes appears in each)." : ".");
        renderUndated(undatedBox, spec, state);
        element.dispatchEvent(new CustomEvent("nhs-chart-ready", { bubbles: true }));
      });
    }
    if (spec.controls) { element.appendChild(controls(spec, state, update)); }
    element.appendChild(status);
    element.appendChild(plot);
    element.appendChild(legend(spec));
    var undatedBox = el("div", { class: "nhs-undated" });
    element.appendChild(undatedBox);
    update(state);
    plot.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var target = point && point.customdata && point.customdata[1];
      if (target) { window.location.href = siteUrl(target); }
    });
  }

  function setUpAll() { document.querySelectorAll(".nhs-timeline").forEach(setUp); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUpAll); } else { setUpAll(); }
})();
