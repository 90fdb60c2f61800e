// The interactive timeline. nhs_industry.timeline computes rows, bands, lanes and the vocabulary from the
// data at build time; this file only filters them and draws them with the site's own copy of plotly.js.
// The whole view lives in the page address (?lanes=theme&kinds=act,circular&from=2000-01-01&to=2010-12-31...)
// so a view can be shared. On a narrow screen the same rows become a vertical list of cards grouped by year.
(function () {
  "use strict";

  // This file is loaded async (site/sphinx_ext.py) and may run before nhs-site.js, a script of the head that the
  // parser runs in turn: its helpers are looked up when they are used, once the page is parsed.
  function el() { return window.NHS.el.apply(null, arguments); }
  function siteUrl(address) { return window.NHS.siteUrl(address); }

  // ------------------------------------------------------------ state <-> address

  function defaultState(spec) {
    return { lanes: "kind", kinds: spec.kinds.map(function (k) { return k.value; }), theme: "", low: true,
             layers: spec.layers.slice(), replaced: true, from: "", to: "" };
  }

  function readState(spec) {
    var state = defaultState(spec);
    // A chart without controls keeps its own view, except the chart-only page for embedding, which draws the view
    // its address names (spec.address).
    if (!spec.controls && !spec.address) { return state; }
    var query = new URLSearchParams(window.location.search);
    if (query.get("lanes") === "theme") { state.lanes = "theme"; }
    if (query.has("kinds")) { state.kinds = query.get("kinds").split(",").filter(Boolean); }
    if (query.has("theme")) { state.theme = query.get("theme"); }
    if (query.get("low") === "0") { state.low = false; }
    if (query.get("replaced") === "0") { state.replaced = false; }
    if (query.has("layers")) { state.layers = query.get("layers").split(",").filter(Boolean); }
    var iso = /^\d{4}-\d{2}-\d{2}$/;
    if (iso.test(query.get("from") || "") && iso.test(query.get("to") || "")) { state.from = query.get("from"); state.to = query.get("to"); }
    return state;
  }

  function writeState(spec, state) {
    var query = new URLSearchParams(window.location.search);
    ["lanes", "kinds", "theme", "low", "replaced", "layers", "from", "to"].forEach(function (k) { query.delete(k); });
    if (state.lanes !== "kind") { query.set("lanes", state.lanes); }
    if (spec.kinds.length !== state.kinds.length) { query.set("kinds", state.kinds.join(",")); }
    if (state.theme) { query.set("theme", state.theme); }
    if (!state.low) { query.set("low", "0"); }
    if (state.replaced === false) { query.set("replaced", "0"); }
    if (state.layers.join(",") !== spec.layers.join(",")) { query.set("layers", state.layers.join(",") || "none"); }
    if (state.from && state.to) { query.set("from", state.from); query.set("to", state.to); }
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

  function themeLabels(spec) {
    var labels = {};
    spec.themes.forEach(function (t) { labels[t.value] = t.label; });
    return labels;
  }

  // An instrument with several themes stands in each of its theme lanes.
  function placed(spec, rows, state) {
    var labels = themeLabels(spec), out = [];
    rows.forEach(function (row) {
      if (state.lanes === "theme" && row.layer === "instrument") {
        row.themes.forEach(function (theme) { out.push({ row: row, lane: labels[theme] }); });
      } else {
        out.push({ row: row, lane: row.lane });
      }
    });
    return out;
  }

  function laneOrder(spec, state, items) {
    var used = {};
    items.forEach(function (item) { used[item.lane] = true; });
    return spec.lanes[state.lanes].filter(function (lane) { return used[lane]; });
  }

  // ------------------------------------------------------------ geometry: dates to pixels

  function ms(iso) { return Date.parse(iso); }

  function scale(range, width) {
    var a = ms(range[0]), b = ms(range[1]);
    return function (iso) { return (ms(iso) - a) / (b - a) * width; };
  }

  // Marks in one lane never overlap: each takes the first sub-row (a stack within the lane) where it clears the
  // mark before it by a gap, measured in pixels at the width the chart is drawn. A lane is as tall as its stack,
  // so y is in pixels above the bottom of the plot area; lanes[i] gets a tick at its middle.
  // Sized so that the whole chart, with its strips, axis and slider, fits a 1280 x 800 screen below the site's
  // header (tests/test_timeline_glance.py): marks of 8 px, 1 px apart, in rows padded by 4 px (10, 2 and 5 px fitted
  // until the data reached back to 1889 and grew past 170 entries, which stacked the busy years higher).
  var MARK = 8, MARK_HIGHLIGHT = 16, MARK_GAP = 1, LANE_MIN = 22, LANE_PAD = 4;

  function markSize(spec, row) { return spec.highlight.indexOf(row.id) >= 0 ? MARK_HIGHLIGHT : MARK; }

  // How wide a mark is drawn: plotly draws a diamond 1.3 times its size; the outline adds a pixel.
  function markExtent(spec, row) {
    return markSize(spec, row) * (String(spec.symbols[row.confidence]).indexOf("diamond") === 0 ? 1.3 : 1) + 1;
  }

  function stackLane(spec, laneItems, x) {
    var ends = [];  // the right edge, in pixels, of the last mark in each sub-row
    laneItems.sort(function (p, q) { return p.row.mid < q.row.mid ? -1 : p.row.mid > q.row.mid ? 1 : 0; }).forEach(function (item) {
      var half = markExtent(spec, item.row) / 2, px = x(item.row.mid);
      var sub = ends.findIndex(function (end) { return end + MARK_GAP <= px - half; });
      if (sub < 0) { sub = ends.length; ends.push(0); }
      ends[sub] = px + half;
      item.sub = sub;
    });
    return Math.max(ends.length, 1);
  }

  function spread(spec, items, lanes, x) {
    var byLane = {}, geometry = { ticks: [], height: 0 };
    items.forEach(function (item) { (byLane[item.lane] = byLane[item.lane] || []).push(item); });
    var step = Math.max.apply(null, [MARK + 1].concat(items.map(function (i) { return markExtent(spec, i.row); }))) + MARK_GAP;
    lanes.slice().reverse().forEach(function (lane) {  // the first lane is drawn at the top
      var laneItems = byLane[lane] || [], stacks = stackLane(spec, laneItems, x);
      var tall = Math.max(LANE_MIN, stacks * step + 2 * LANE_PAD), middle = geometry.height + tall / 2;
      laneItems.forEach(function (item) { item.y = middle + ((stacks - 1) / 2 - item.sub) * step; });
      geometry.ticks.unshift(middle);
      geometry.height += tall;
    });
    return geometry;
  }

  // ------------------------------------------------------------ plotly traces, labels and bands

  // A mark's hover: the lines written with the data (title, date, who), then its summary, wrapped (Plotly does not
  // wrap hover labels) as charts.wrap does. The summary is sent once, in the row (the phone's cards use it too):
  // sent twice it cost the timeline's first visit 5 KB (gzip).
  var HOVER_WIDTH = 70;

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function wrapped(text) {
    var lines = [""];
    String(text || "").split(/\s+/).filter(Boolean).forEach(function (word) {
      var last = lines[lines.length - 1];
      if (last && last.length + word.length + 1 > HOVER_WIDTH) { lines.push(word); } else { lines[lines.length - 1] = last ? last + " " + word : word; }
    });
    return lines.map(escapeHtml).join("<br>");
  }

  function hoverText(row) {
    return [row.hover, wrapped(row.summary)].concat(row.url ? ["Click to open its page"] : []).join("<br>");
  }

  function markerTraces(spec, items) {
    var groups = {};
    items.forEach(function (item) {
      var key = item.row.colour + "|" + item.row.layer + "|" + item.row.kind;
      (groups[key] = groups[key] || []).push(item);
    });
    return Object.keys(groups).map(function (key) {
      var group = groups[key];
      return {
        type: "scatter", mode: "markers", name: group[0].row.kind_label, showlegend: false,
        x: group.map(function (i) { return i.row.mid; }),
        y: group.map(function (i) { return i.y; }),
        hovertext: group.map(function (i) { return hoverText(i.row); }), hoverinfo: "text",
        customdata: group.map(function (i) { return [i.row.id, i.row.url]; }),
        marker: {
          // The entry a page is about stands out: larger, with a heavy ring.
          color: group[0].row.colour, size: group.map(function (i) { return markSize(spec, i.row); }),
          line: { width: group.map(function (i) { return spec.highlight.indexOf(i.row.id) >= 0 ? 3 : 1; }), color: "#111" },
          symbol: group.map(function (i) { return spec.symbols[i.row.confidence]; })  // hollow: less sure
        }
      };
    });
  }

  // A date known only to a year or month is drawn as a bar across that whole span.
  function spanTrace(items) {
    var x = [], y = [];
    items.forEach(function (item) {
      if (item.row.precision !== "day") { x.push(item.row.start, item.row.end, null); y.push(item.y, item.y, null); }
    });
    return { type: "scatter", mode: "lines", x: x, y: y, hoverinfo: "skip", showlegend: false,
             line: { color: "rgba(0,0,0,0.3)", width: 6 }, name: "date span" };
  }

  function supersessionTrace(items) {
    var where = {};
    items.forEach(function (item) { where[item.row.id] = where[item.row.id] || item; });
    var x = [], y = [];
    items.forEach(function (item) {
      item.row.supersedes.forEach(function (old) {
        if (where[old]) { x.push(where[old].row.mid, item.row.mid, null); y.push(where[old].y, item.y, null); }
      });
    });
    return { type: "scatter", mode: "lines", x: x, y: y, hoverinfo: "skip", showlegend: false,
             line: { color: "#555", width: 1, dash: "dot" }, name: "supersedes" };
  }

  var CHAR = 7;  // a generous average width in pixels of a character of the 11px label font
  var LABEL_MAX = 30;  // longer milestone names are shortened on the chart; hover shows them whole

  function shorten(text) { return text.length <= LABEL_MAX ? text : text.slice(0, LABEL_MAX - 1).trim() + "…"; }

  function overlaps(a, b) { return !(a[2] <= b[0] || a[0] >= b[2] || a[3] <= b[1] || a[1] >= b[3]); }

  // Key milestones are labelled on the chart; a label is placed beside its mark only where it covers no mark
  // and no other label, inside the plot area. The rest label on hover and focus. The entries a story step
  // highlights are labelled too, before any milestone (so theirs win a clash), with more places to try.
  // The nearest places clear the mark itself (10 px, drawn up to 14 px wide): rows are tight, so more are tried.
  var LABEL_OFFSETS = [-17, 17, -29, 29, -41, 41, -53, 53];
  var STEP_OFFSETS = LABEL_OFFSETS.concat([-65, 65, -77, 77, -89, 89, -101, 101]);

  function highlighted(spec, item) { return (spec.highlight || []).indexOf(item.row.id) >= 0; }

  function labelOrder(spec) {
    var first = function (item) { return highlighted(spec, item) ? 0 : 1; };
    return function (p, q) { return first(p) - first(q) || (p.row.mid < q.row.mid ? -1 : 1); };
  }

  function milestoneLabels(items, x, yPixel, width, inner, spec, type) {
    var marks = items.map(function (i) {
      var r = markExtent(spec, i.row) / 2 + 1, px = x(i.row.mid), py = yPixel(i.y);
      return [px - r, py - r, px + r, py + r];
    });
    var boxes = [], annotations = [], seen = {};
    items.filter(function (i) { return i.row.milestone || highlighted(spec, i); }).sort(labelOrder(spec))
      .forEach(function (item) {
        if (seen[item.row.id]) { return; }
        seen[item.row.id] = true;
        var text = shorten(item.row.short), w = text.length * type.char + 8, h = type.labelHeight, px = x(item.row.mid), py = yPixel(item.y);
        if (px < 0 || px > width) { return; }
        var spot = (highlighted(spec, item) ? STEP_OFFSETS : LABEL_OFFSETS).map(function (offset) { return offset * type.scale; }).map(function (offset) {
          var left = Math.min(Math.max(px - w / 2, 0), width - w), top = py + offset - h / 2;
          return { offset: offset, box: [left, top, left + w, top + h] };
        }).find(function (candidate) {
          var box = candidate.box;
          return box[1] >= 0 && box[3] <= inner && !boxes.some(function (b) { return overlaps(box, b); }) &&
            !marks.some(function (m) { return overlaps(box, m); });
        });
        if (!spot) { return; }
        boxes.push(spot.box);
        annotations.push({ x: item.row.mid, y: item.y, xref: "x", yref: "y", ax: spot.box[0] + w / 2 - px, ay: spot.offset, text: text,
                           showarrow: true, arrowwidth: 1, arrowcolor: "#888", arrowhead: 0, standoff: 7,
                           font: { size: type.label, color: "#222" }, bgcolor: "rgba(255,255,255,0.85)", name: "milestone" });
      });
    return annotations;
  }

  // Two strips above the plot: who governed (party colours, a split band for a coalition) and who
  // commissioned NHS care. Their labels sit in the strips, never over the marks, and only where they fit.
  // The strips' places above the plot area, in pixels (top, bottom): fixed, however tall the lanes below make the chart.
  var STRIPS = { government: [44, 28], "commissioning-era": [25, 9] };

  function stripY(kind, inner, type) { return STRIPS[kind].map(function (px) { return 1 + px * type.scale / inner; }); }

  function bandShapes(spec, x, width, inner, type) {
    var shapes = [], annotations = [];
    stripBands(spec).forEach(function (band) {
      var top = band.kind === "government";
      var y1 = stripY(band.kind, inner, type)[0], y0 = stripY(band.kind, inner, type)[1];
      var colours = band.colours.length ? band.colours : [band.colour];
      colours.forEach(function (colour, i) {
        var h = (y1 - y0) / colours.length;
        shapes.push({ type: "rect", xref: "x", yref: "paper", x0: band.x0, x1: band.x1, y0: y0 + i * h, y1: y0 + (i + 1) * h,
                      fillcolor: colour, opacity: top ? 0.9 : 1, line: { width: 1, color: "#fff" }, layer: "below" });
      });
      var pixels = Math.min(x(band.end), width) - Math.max(x(band.start), 0);  // the part inside the plot
      var text = band.short || band.label;  // the full label is in the hover text
      if (pixels > text.length * type.char + 8) {
        var middle = new Date((Math.max(ms(band.start), ms(x.range[0])) + Math.min(ms(band.end), ms(x.range[1]))) / 2).toISOString().slice(0, 10);
        annotations.push({ x: middle, xref: "x", yref: "paper", y: (y0 + y1) / 2, yanchor: "middle", showarrow: false, text: text,
                           hovertext: band.label, font: { size: type.strip, color: top ? "#000" : "#333" } });  // black reads on every party colour (contrast ≥ 4.5)
      }
    });
    shapes.push({ type: "rect", xref: "paper", yref: "paper", x0: 0, x1: 1, y0: 0, y1: 1, line: { width: 1, color: "#ccc" }, layer: "below" });
    return { shapes: shapes, annotations: stripNames(inner, type).concat(annotations) };
  }

  // The bands of both strips that fall on the axis, each cut to it: a band that began before the first entry
  // (a government of 1951) starts where the axis does.
  function stripBands(spec) {
    var first = ms(spec.range[0]), last = ms(spec.range[1]);
    return spec.bands.filter(function (band) { return ms(band.end) > first && ms(band.start) < last; }).map(function (band) {
      return Object.assign({}, band, { x0: ms(band.start) < first ? spec.range[0] : band.start,
                                       x1: ms(band.end) > last ? spec.range[1] : band.end });
    });
  }

  // Each strip is named in the margin beside it, where the lane names are.
  function stripNames(inner, type) {
    return [["Government", "government"], ["Commissioning", "commissioning-era"]].map(function (pair) {
      var y = stripY(pair[1], inner, type);
      return { xref: "paper", yref: "paper", x: 0, y: (y[0] + y[1]) / 2, xanchor: "right", yanchor: "middle", xshift: -6, showarrow: false,
               text: pair[0], font: { size: type.label, color: "#222" }, name: "strip" };
    });
  }

  // Every band of both strips in the years shown, in a key under the chart, with its dates: a band too narrow to hold
  // its name on the chart is still named, and the key reads on paper.
  function stripKey(spec, state) {
    var shown = state.from && state.to ? [ms(state.from), ms(state.to)] : [ms(spec.range[0]), ms(spec.range[1])];
    var year = function (iso) { return iso.slice(0, 4); };
    var today = spec.today;
    var key = el("div", { class: "nhs-strip-key" });
    [["government", "Government (top strip)"], ["commissioning-era", "Who commissioned NHS care (second strip)"]].forEach(function (pair) {
      var bands = stripBands(spec).filter(function (b) { return b.kind === pair[0] && ms(b.end) > shown[0] && ms(b.start) < shown[1]; });
      if (!bands.length) { return; }
      key.appendChild(el("p", { class: "nhs-strip-key-title" }, [pair[1] + ":"]));
      key.appendChild(el("ul", { class: "nhs-timeline-legend", "aria-label": pair[1] }, bands.map(function (band) {
        var colours = band.colours.length ? band.colours : [band.colour];
        var swatch = colours.length > 1 ? "linear-gradient(" + colours[0] + " 50%, " + colours[1] + " 50%)" : colours[0];
        var until = band.end >= today ? "today" : year(band.end);
        return el("li", { "data-band": band.label }, [
          el("span", { class: "nhs-swatch nhs-swatch-band", style: "background:" + swatch, "aria-hidden": "true" }),
          " " + band.label + " (" + year(band.start) + "–" + until + ")"]);
      })));
    });
    return key;
  }

  var MARGIN_LEFT = 180, MARGIN_RIGHT = 20;  // the lane names sit in the left margin

  // Narrower than this (a phone that asked for the chart), the chart keeps this width and its box scrolls sideways.
  var CHART_MIN_WIDTH = 560;

  function chartWidth(plot) { return Math.max(plot.clientWidth, CHART_MIN_WIDTH); }

  function plotWidth(plot, type) { return chartWidth(plot) - type.left - MARGIN_RIGHT; }

  // The range slider asks Plotly for room below the date axis. Left to ask, Plotly draws the whole chart, finds
  // its bottom margin too small and draws it all again (about a quarter of the drawing time in a CPU profile). So
  // the room is given up front, as Plotly would compute it: the slider (a fraction of the height inside the base
  // margins), the date labels' depth (16 px) and Plotly's padding (15 px); the slider keeps the height it had.
  // A chart of one short row (stacking makes rows only as tall as their marks) still gets a slider a finger or
  // pointer can hold: SLIDER_MIN pixels at least.
  // MARGIN_TOP holds the two strips (STRIPS); MARGIN_BOTTOM is what is left below the slider.
  var MARGIN_TOP = 50, MARGIN_BOTTOM = 8, SLIDER_SHARE = 0.05, SLIDER_ROOM = 31, SLIDER_MIN = 12;

  function sliderLayout(height, type) {
    var slider = Math.max(SLIDER_MIN, SLIDER_SHARE * (height - type.top - MARGIN_BOTTOM));
    var bottom = Math.round(MARGIN_BOTTOM + slider + type.sliderRoom);
    return { bottom: bottom, thickness: slider / (height - type.top - bottom) };
  }

  // The chart's text and the room it takes. On the page, Plotly's 12 px ticks and labels of 10 and 11 px; in present
  // mode (nhs-present.js: a projector) everything is scaled up so that the smallest text is 16 px, legible across a
  // room, and the room for it grows with it: the lane names' margin, the strips, the labels' boxes and offsets, the
  // date labels' depth under the axis (16 px of SLIDER_ROOM).
  var SMALLEST_TEXT = 10, PRESENTED_TEXT = 16;

  function lettering(plot) {
    var scale = plot.nhsRoom ? PRESENTED_TEXT / SMALLEST_TEXT : 1;
    return { scale: scale, tick: 12 * scale, label: 11 * scale, strip: SMALLEST_TEXT * scale, char: CHAR * scale,
             labelHeight: 17 * scale, left: MARGIN_LEFT * scale, top: MARGIN_TOP * scale, sliderRoom: SLIDER_ROOM + 16 * (scale - 1) };
  }

  // Text widths are estimates until drawn: after drawing, measure every label and hide any that still
  // touches one kept before it (strip labels first, then milestones in date order), so none overlaps.
  function declutter(plot) {
    var kept = [], updates = {};
    var marks = Array.prototype.map.call(plot.querySelectorAll(".cartesianlayer .scatterlayer .point"), function (m) {
      return m.getBoundingClientRect();
    });
    Array.prototype.slice.call(plot.querySelectorAll(".annotation")).sort(function (a, b) {
      return Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index"));
    }).forEach(function (g) {
      var text = g.querySelector(".annotation-text-g");
      if (!text) { return; }
      var r = text.getBoundingClientRect();
      if (!r.width) { return; }
      var clash = kept.some(function (k) { return !(r.right + 2 < k.left || r.left > k.right + 2 || r.bottom + 1 < k.top || r.top > k.bottom + 1); }) ||
        marks.some(function (m) { return m.width && !(r.right <= m.left || r.left >= m.right || r.bottom <= m.top || r.top >= m.bottom); });
      if (clash) { updates["annotations[" + g.getAttribute("data-index") + "].visible"] = false; } else { kept.push(r); }
    });
    return Object.keys(updates).length ? window.Plotly.relayout(plot, updates) : Promise.resolve();
  }

  // The height the chart needs for an inner (plot area) height, inverting sliderLayout.
  function chartHeight(inner, type) {
    var shared = Math.ceil((inner + type.sliderRoom) / (1 - SLIDER_SHARE) + type.top + MARGIN_BOTTOM);
    return SLIDER_SHARE * (shared - type.top - MARGIN_BOTTOM) >= SLIDER_MIN ? shared
      : Math.ceil(inner + type.top + MARGIN_BOTTOM + type.sliderRoom + SLIDER_MIN);
  }

  // Present mode (nhs-present.js) gives the chart the height left on the screen below the step's text.
  function fittedHeight(plot, natural) {
    var room = plot.nhsRoom ? plot.nhsRoom() : 0;
    return room ? Math.max(Math.min(natural, room), 300) : natural;
  }

  function draw(plot, spec, state) {
    var rows = visibleRows(spec, state);
    var items = placed(spec, rows, state);
    var lanes = laneOrder(spec, state, items);
    var range = state.from && state.to ? [state.from, state.to] : spec.range;
    var type = lettering(plot);
    var width = plotWidth(plot, type);
    var x = scale(range, width);
    x.range = range;
    var geometry = spread(spec, items, lanes, x);
    var height = fittedHeight(plot, chartHeight(geometry.height, type));
    var slider = sliderLayout(height, type);
    var inner = height - type.top - slider.bottom;
    var yPixel = function (y) { return inner - y / geometry.height * inner; };
    var bands = bandShapes(spec, x, width, inner, type);
    var labels = milestoneLabels(items, x, yPixel, width, inner, spec, type);
    var traces = [spanTrace(items)].concat(state.replaced === false ? [] : [supersessionTrace(items)]).concat(markerTraces(spec, items));
    var layout = {
      template: "plotly_white", height: height, width: plot.clientWidth < CHART_MIN_WIDTH ? CHART_MIN_WIDTH : undefined, margin: { l: type.left, r: MARGIN_RIGHT, t: type.top, b: slider.bottom, autoexpand: false },
      hovermode: "closest", hoverlabel: { align: "left" }, showlegend: false,
      shapes: bands.shapes, annotations: bands.annotations.concat(labels),
      xaxis: { type: "date", range: range, tickfont: { size: type.tick }, rangeslider: { visible: true, thickness: slider.thickness, range: spec.range } },
      yaxis: { range: [0, geometry.height], tickvals: geometry.ticks, ticktext: lanes, tickfont: { size: type.tick }, fixedrange: true, zeroline: false,
               gridcolor: "#eee" }
    };
    plot.dataset.marks = String(items.length);
    plot.dataset.view = viewText(spec, state, range);
    plot.dataset.range = state.from + "|" + state.to;
    plot.dataset.entries = String(rows.length);
    return window.Plotly.react(plot, traces, layout, window.NHS.withSvgButton(spec.config)).then(function () { return declutter(plot); });
  }

  // What a view shows, in words: the story's step, the kinds chosen (when not all), the theme, the years. An image
  // saved from the chart carries it under its title (nhs-site.js, exportDecorations).
  function viewText(spec, state, range) {
    var parts = [];
    if (spec.step) { parts.push("Step " + spec.step.position + " of " + spec.story.length + ": " + spec.step.title); }
    if (state.kinds.length < spec.kinds.length) {
      parts.push(spec.kinds.filter(function (k) { return state.kinds.indexOf(k.value) >= 0; })
        .map(function (k) { return k.label; }).join(", ") || "no kinds");
    }
    var theme = spec.themes.filter(function (t) { return t.value === state.theme; })[0];
    if (theme) { parts.push("theme: " + theme.label); }
    var first = String(range[0]).slice(0, 4), last = String(range[1]).slice(0, 4);
    parts.push(first === last ? first : first + " to " + last);
    var text = parts.join("; ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  // ------------------------------------------------------------ phone: cards grouped by year

  function cards(spec, rows) {
    var byYear = {};
    rows.slice().sort(function (p, q) { return p.mid < q.mid ? -1 : 1; }).forEach(function (row) {
      (byYear[row.mid.slice(0, 4)] = byYear[row.mid.slice(0, 4)] || []).push(row);
    });
    var list = el("div", { class: "nhs-cards" });
    Object.keys(byYear).sort().forEach(function (year) {
      var section = el("section", { class: "nhs-card-year", "aria-label": year }, [el("h3", {}, [year])]);
      byYear[year].forEach(function (row) {
        // A tap opens a preview first; the link inside it opens the entry's page.
        var card = el("details", { class: "nhs-card" }, [
          el("summary", {}, [el("span", { class: "nhs-swatch", style: "background:" + row.colour, "aria-hidden": "true" }),
                             " " + row.label + " · " + row.kind_label + ": ", el("strong", {}, [row.title])]),
          el("p", {}, [row.summary || ""]),
          row.url ? el("a", { href: siteUrl(row.url), class: "nhs-card-open" }, ["Open its page: " + row.title]) : el("span")
        ]);
        section.appendChild(card);
      });
      list.appendChild(section);
    });
    return list;
  }

  // ------------------------------------------------------------ controls (native inputs: keyboard and screen-reader friendly)

  function checkbox(name, value, label, checked) {
    var input = el("input", { type: "checkbox", name: name, value: value });
    input.checked = checked;
    return el("label", { class: "nhs-control" }, [input, " " + label]);
  }

  function controls(spec, state, onChange, onReset) {
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
    var theme = el("select", { name: "theme", id: "nhs-theme-select" });
    theme.appendChild(el("option", { value: "" }, ["All themes"]));
    spec.themes.forEach(function (t) {
      var option = el("option", { value: t.value }, [t.label]);
      option.selected = state.theme === t.value;
      theme.appendChild(option);
    });
    var other = el("fieldset", {}, [el("legend", {}, ["Show"]),
      checkbox("low", "1", "low-confidence entries (hollow marks)", state.low),
      checkbox("replaced", "1", "lines to what each replaced (dotted)", state.replaced !== false),
      checkbox("layers", "partnership", "partnerships", state.layers.indexOf("partnership") >= 0),
      checkbox("layers", "quote", "quotations", state.layers.indexOf("quote") >= 0)]);
    var reset = el("button", { type: "button", class: "nhs-reset" }, ["Reset the view"]);
    reset.addEventListener("click", onReset);
    form.appendChild(lanes);
    form.appendChild(kinds);
    form.appendChild(el("label", { class: "nhs-control", for: theme.id }, ["Theme "]));
    form.appendChild(theme);
    form.appendChild(other);
    form.appendChild(reset);
    form.addEventListener("change", function () {
      var data = new FormData(form);
      onChange({ lanes: data.get("lanes") || "kind", kinds: data.getAll("kinds"), theme: data.get("theme") || "",
                 low: data.get("low") === "1", replaced: data.get("replaced") === "1", layers: data.getAll("layers") });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    return form;
  }

  // A key under the chart, so the colours and shapes read on paper too (the filters are not printed): the kinds and
  // layers of the rows shown, so a view of three kinds (an embedded one, say) has a key of three.
  function legend(spec, rows) {
    var present = {};
    rows.forEach(function (row) { present[row.kind] = row.colour; });
    var items = spec.kinds.filter(function (k) { return present[k.value]; }).map(function (k) { return [k.colour, k.label]; });
    if (present.partnership) { items.push([present.partnership, "Partnership"]); }
    if (present.quote) { items.push([present.quote, "Quotation"]); }
    var list = el("ul", { class: "nhs-timeline-legend", "aria-label": "Key to the timeline" }, items.map(function (item) {
      return el("li", {}, [el("span", { class: "nhs-swatch", style: "background:" + item[0], "aria-hidden": "true" }), " " + item[1]]);
    }));
    list.appendChild(el("li", {}, ["● well sourced · ◆ one secondary source · ○ uncertain · grey bar: date known only to the year or month · " +
      "dotted line: replaced" + (spec.controls ? " (the filters can hide these lines)" : "") + " · top strips: government and commissioning, keyed below"]));
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
      var item = el("li", {}, [what, u.url ? el("a", { href: siteUrl(u.url) }, [u.title]) : u.title]);
      if (u.note) { item.appendChild(document.createTextNode(" (" + u.note + ")")); }
      return item;
    })));
  }

  // A link followed as a link: on the chart-only page its <base target="_top"> opens the site outside the frame.
  function follow(url) {
    var link = el("a", { href: url });
    document.body.appendChild(link); link.click(); link.remove();
  }

  // "Download the rows shown": the CSV of what the current filters show, with the dates as recorded (ISO: a
  // year, a month or a day) and each row's source addresses, after "#" lines saying what it is and whose.
  function csvOf(spec, rows) {
    var cell = function (v) { v = String(v == null ? "" : v); return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; };
    var lines = csvHeader(spec).concat([["id", "layer", "title", "kind", "date", "date_known_to", "confidence", "url", "source_urls"].join(",")]);
    rows.forEach(function (r) {
      var sources = (r.source_ids || []).map(function (s) { return (spec.source_urls || {})[s]; }).filter(Boolean);
      lines.push([r.id, r.layer, r.title, r.kind_label, r.recorded, r.precision, r.confidence, r.url ? siteUrl(r.url) : "",
                  sources.join(" ")].map(cell).join(","));
    });
    return lines.join("\n") + "\n";
  }

  function csvHeader(spec) {
    var meta = function (name) { var m = document.querySelector('meta[name="' + name + '"]'); return m ? m.content : ""; };
    var licence = spec.licence || {};
    return ["# Timeline rows shown: " + document.title.replace(/\s+/g, " ").trim(),
            "# From: " + meta("nhs-site") + ", version " + meta("nhs-version"),
            "# Page: " + window.location.href.split("#")[0],
            "# Licence: " + licence.title + " (" + licence.name + "), " + licence.url,
            "# Dates are ISO 8601 as recorded: YYYY, YYYY-MM or YYYY-MM-DD (date_known_to says which). source_urls: the addresses of the row's sources, separated by spaces."];
  }

  function downloadButton(spec, getRows) {
    var button = el("button", { type: "button", class: "nhs-download-rows" }, ["Download the rows shown (CSV)"]);
    button.addEventListener("click", function () {
      var blob = new Blob([csvOf(spec, getRows())], { type: "text/csv" });
      var link = el("a", { href: URL.createObjectURL(blob), download: "timeline-rows.csv" });
      document.body.appendChild(link); link.click(); link.remove();
    });
    return button;
  }

  // ------------------------------------------------------------ the guided story

  // Steps are data (data/story.csv). Each moves the timeline to its years and rings what it tells of;
  // each has its own address (?step=6), so a lecturer can open step 6 in class.
  function storyPanel(spec, go) {
    var panel = el("section", { class: "nhs-story", "aria-label": "Guided story", "aria-live": "polite" });
    var heading = el("h3", { tabindex: "-1" }), text = el("p"), sources = el("p", { class: "nhs-story-sources" });
    var counter = el("span", { class: "nhs-story-counter" });
    var previous = el("button", { type: "button" }, ["← Previous"]), next = el("button", { type: "button" }, ["Next →"]);
    var list = el("ol", { class: "nhs-story-steps" });
    spec.story.forEach(function (step) {
      var link = el("a", { href: "?step=" + step.position }, [step.title]);
      link.addEventListener("click", function (event) { event.preventDefault(); go(step.position, true); });
      list.appendChild(el("li", {}, [link]));
    });
    panel.appendChild(el("div", { class: "nhs-story-nav" }, [previous, counter, next]));
    panel.appendChild(heading); panel.appendChild(text); panel.appendChild(sources);
    panel.appendChild(el("details", {}, [el("summary", {}, ["All steps"]), list]));
    panel.show = function (step) {
      heading.textContent = step.position + ". " + step.title;
      text.textContent = step.text;
      sources.innerHTML = "";
      sources.appendChild(document.createTextNode("Sources: "));
      step.sources.forEach(function (s, i) {
        if (i) { sources.appendChild(document.createTextNode("; ")); }
        sources.appendChild(s.url ? el("a", { href: s.url }, [s.title]) : el("cite", {}, [s.title]));
        sources.appendChild(document.createTextNode(" (" + s.publisher + ")"));
      });
      counter.textContent = "Step " + step.position + " of " + spec.story.length;
      previous.disabled = step.position === 1;
      next.disabled = step.position === spec.story.length;
    };
    previous.addEventListener("click", function () { go(current() - 1, true); });
    next.addEventListener("click", function () { go(current() + 1, true); });
    function current() { return Number(panel.dataset.step || 1); }
    return panel;
  }

  // ------------------------------------------------------------ the chart library, fetched only to draw a chart

  // The library is served beside this script (_static/vendor/); a phone shows cards and fetches it only when the
  // reader asks for the chart. A page that also draws other charts has it already.
  var OWN_SCRIPT = document.currentScript;
  var plotlyArriving = null;

  function loadPlotly() {
    if (window.Plotly) { return Promise.resolve(); }
    if (!plotlyArriving) {
      plotlyArriving = new Promise(function (resolve, reject) {
        var script = document.querySelector('script[src*="vendor/plotly-basic.min.js"]');
        if (!script) {
          var own = (OWN_SCRIPT && OWN_SCRIPT.getAttribute("src")) || "_static/nhs-timeline.js";
          script = el("script", { src: own.replace(/nhs-timeline\.js.*$/, "vendor/plotly-basic.min.js") });
          document.head.appendChild(script);
        }
        script.addEventListener("load", function () { resolve(); });
        script.addEventListener("error", function () { reject(new Error("the chart library did not load")); });
      });
    }
    return plotlyArriving;
  }

  // ------------------------------------------------------------ jumping to an era or a decade

  function decades(spec) {
    var out = [], first = Number(spec.range[0].slice(0, 3)) * 10, last = Number(spec.today.slice(0, 4));
    for (var start = first; start <= last; start += 10) {
      out.push({ title: start + "s", from: start + "-01-01", to: Math.min(start + 9, last) === last ? spec.today : (start + 9) + "-12-31" });
    }
    return out;
  }

  // A native select, so a keyboard and a screen reader use it as any other; its value is "from|to".
  function jumpControl(spec, onJump) {
    var select = el("select", { id: "nhs-jump-select", name: "jump", class: "nhs-jump-select" });
    select.appendChild(el("option", { value: "" }, ["The whole timeline"]));
    [["Eras (as the era chapters tell them)", spec.eras || []], ["Decades", decades(spec)]].forEach(function (pair) {
      var group = el("optgroup", { label: pair[0] });
      pair[1].forEach(function (period) { group.appendChild(el("option", { value: period.from + "|" + period.to }, [period.title])); });
      group.children.length && select.appendChild(group);
    });
    select.appendChild(el("option", { value: "custom", hidden: "hidden", disabled: "disabled" }, ["The years you zoomed to"]));
    select.addEventListener("change", function () {
      var window_ = select.value.split("|");
      onJump(window_[0] || "", window_[1] || "");
    });
    var box = el("p", { class: "nhs-jump" }, [el("label", { for: select.id }, ["Jump to "]), select]);
    box.sync = function (state) {
      var value = state.from && state.to ? state.from + "|" + state.to : "";
      select.value = Array.prototype.some.call(select.options, function (o) { return o.value === value; }) ? value : "custom";
    };
    return box;
  }

  // The rows whose middle date falls in the window the address (or a jump) asks for.
  function inWindow(rows, state) {
    if (!(state.from && state.to)) { return rows; }
    return rows.filter(function (row) { return row.mid >= state.from && row.mid <= state.to; });
  }

  function stepInAddress() { return Number(new URLSearchParams(window.location.search).get("step")) || 1; }

  // Each step a reader moves to is a new history entry (so Back returns to the step before); "none" when the
  // move came from Back or Forward itself, whose address is already the step's.
  function rememberStep(position, push) {
    if (push === "none") { return; }
    var query = new URLSearchParams(window.location.search);
    var same = query.get("step") === String(position);
    query.set("step", String(position));
    var address = window.location.pathname + "?" + query.toString() + window.location.hash;
    if (same) { window.history.replaceState({ step: position }, "", address); } else { window.history.pushState({ step: position }, "", address); }
  }

  function setUp(element) {
    var holder = document.getElementById(element.dataset.spec);
    if (!holder) { return; }
    var spec = JSON.parse(holder.textContent);
    if (window.matchMedia(spec.phone).matches) {  // a phone: cards, without the chart library (timeline.PHONE)
      build(element, spec, true);
    } else {
      loadPlotly().then(function () { build(element, spec, false); });
    }
  }

  // A button under the cards that fetches the chart library and draws the chart in their place.
  function chartButton(element, spec) {
    var button = el("button", { type: "button", class: "nhs-show-chart" }, ["Show the chart instead (loads about 1 MB)"]);
    button.addEventListener("click", function () {
      button.disabled = true;
      button.textContent = "Loading the chart…";
      loadPlotly().then(function () {
        element.innerHTML = "";
        build(element, spec, false);
      });
    });
    return button;
  }

  function build(element, spec, phone) {
    var state = readState(spec);
    var plot = el("div", { class: "nhs-timeline-plot" });
    var list = el("div", { class: "nhs-timeline-cards" });
    var status = el("p", { class: "nhs-timeline-status", role: "status", "aria-live": "polite" });
    var undatedBox = el("div", { class: "nhs-undated" });
    var form, jump, key, bandKey;  // the keys under the chart follow what it shows
    function update(next) {
      state = next;
      if (spec.controls) { writeState(spec, state); }
      if (jump) { jump.sync(state); }
      var rows = visibleRows(spec, state);
      renderUndated(undatedBox, spec, state);
      if (key) { var fresh = legend(spec, rows); key.replaceWith(fresh); key = fresh; }
      if (bandKey) { var bands = stripKey(spec, state); bandKey.replaceWith(bands); bandKey = bands; }
      if (!rows.length) {
        status.textContent = spec.controls ? "No entries match these filters. Tick more kinds or layers, or reset the view."
                                           : "No entries to show here yet.";
        plot.hidden = true;
        element.dispatchEvent(new CustomEvent("nhs-chart-ready", { bubbles: true }));
        return;
      }
      plot.hidden = false;
      if (phone) {
        list.innerHTML = "";
        // In the story, a phone shows the step's own entries as cards.
        var shown = spec.story && spec.story.length ? rows.filter(function (r) { return spec.highlight.indexOf(r.id) >= 0; })
                                                   : spec.controls ? inWindow(rows, state) : rows;
        list.appendChild(cards(spec, shown));
        status.textContent = shown.length + (shown.length === 1 ? " entry" : " entries") + " shown" +
          (spec.controls && state.from && state.to ? ", " + state.from.slice(0, 4) + " to " + state.to.slice(0, 4) : "") + ", by year.";
        element.dispatchEvent(new CustomEvent("nhs-chart-ready", { bubbles: true }));
        return;
      }
      draw(plot, spec, state).then(function () {
        var entries = Number(plot.dataset.entries), marks = Number(plot.dataset.marks);
        if (entries) {
          status.textContent = entries + (entries === 1 ? " entry" : " entries") + " shown" +
            (marks !== entries ? " (" + marks + " marks: an instrument with several themes appears in each)." : ".");
        }
        element.dispatchEvent(new CustomEvent("nhs-chart-ready", { bubbles: true }));
      });
    }
    function keepWindow(filters) { update(Object.assign({}, state, filters)); }
    function reset() {
      var fresh = defaultState(spec);
      if (form) {
        var replacement = controls(spec, fresh, keepWindow, reset);
        replacement.appendChild(downloadButton(spec, function () { return visibleRows(spec, state); }));
        form.replaceWith(replacement); form = replacement;
      }
      update(fresh);
    }
    if (spec.story && spec.story.length) {
      var go = function (position, focus, push) {
        var step = spec.story[Math.min(Math.max(position, 1), spec.story.length) - 1];
        panel.dataset.step = String(step.position);
        panel.show(step);
        spec.highlight = step.ids;
        spec.step = step;
        rememberStep(step.position, push);
        update(Object.assign({}, state, { from: step.from, to: step.to }));
        if (focus) { panel.querySelector("h3").focus(); }
      };
      var panel = storyPanel(spec, go);
      element.appendChild(panel);
      // Browser Back and Forward move between steps on this page (each step was pushed to the history).
      window.addEventListener("popstate", function () { go(stepInAddress(), false, "none"); });
      element.nhsStory = { go: go, panel: panel, count: spec.story.length, current: function () { return Number(panel.dataset.step || 1); },
                           redraw: function () { update(state); } };
      var asked = stepInAddress();
      element.storyStart = function () {
        var step = spec.story[Math.min(Math.max(asked, 1), spec.story.length) - 1];
        panel.dataset.step = String(step.position);
        panel.show(step);
        spec.highlight = step.ids;
        spec.step = step;
        state = Object.assign({}, state, { from: step.from, to: step.to });
      };
    }
    if (spec.controls) {
      // A change of filters keeps the years shown (from, to): only "Reset the view" lets them go.
      form = controls(spec, state, keepWindow, reset);
      jump = jumpControl(spec, function (from, to) { update(Object.assign({}, state, { from: from, to: to })); });
      form.appendChild(downloadButton(spec, function () { return visibleRows(spec, state); }));
      if (phone) {
        // On a phone the filters fold into one compact bar above the cards; the address keeps them as before.
        element.appendChild(el("details", { class: "nhs-filters" }, [el("summary", {}, ["Filters and downloads"]), form]));
      } else {
        element.appendChild(form);
      }
    }
    if (jump) { element.appendChild(jump); }
    element.appendChild(status);
    if (phone) { element.appendChild(chartButton(element, spec)); }
    element.appendChild(phone ? list : plot);
    if (!phone) {
      key = legend(spec, visibleRows(spec, state)); bandKey = stripKey(spec, state);
      element.appendChild(key); element.appendChild(bandKey);
    }
    element.appendChild(undatedBox);
    if (element.storyStart) { element.storyStart(); }
    update(state);
    if (phone) { return; }
    plot.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var target = point && point.customdata && point.customdata[1];
      if (target) { follow(siteUrl(target)); }
    });
    // Zooming (drag, range slider) goes into the address too; double-click returns to the whole range.
    plot.on("plotly_relayout", function (change) {
      var from = change["xaxis.range[0]"] || (change["xaxis.range"] || [])[0];
      var to = change["xaxis.range[1]"] || (change["xaxis.range"] || [])[1];
      if (change["xaxis.autorange"]) { update(Object.assign({}, state, { from: "", to: "" })); return; }
      if (from && to && spec.controls) {
        state = Object.assign({}, state, { from: String(from).slice(0, 10), to: String(to).slice(0, 10) });
        writeState(spec, state);
        if (jump) { jump.sync(state); }
        restackSoon();
      }
    });
    // Marks are stacked for the years drawn: after a zoom (once the slider rests) they are stacked again.
    var restackTimer = null;
    function restackSoon() {
      clearTimeout(restackTimer);
      restackTimer = setTimeout(function () {
        var drawn = plot.dataset.range;
        if (drawn !== state.from + "|" + state.to) { update(state); }
      }, 300);
    }
  }

  function setUpAll() { document.querySelectorAll(".nhs-timeline").forEach(setUp); }
  // Drawn as soon as the page is parsed ("interactive"), before the deferred scripts run and DOMContentLoaded: the
  // theme's scripts (and the site's own that only listen for nhs-chart-ready) need not go first.
  function whenParsed(then) {
    if (document.readyState !== "loading") { then(); return; }
    document.addEventListener("readystatechange", function parsed() {
      if (document.readyState === "loading") { return; }
      document.removeEventListener("readystatechange", parsed);
      then();
    });
  }
  whenParsed(setUpAll);
})();
