// The interactive timeline. nhs_industry.timeline computes rows, bands, lanes and the vocabulary from the
// data at build time; this file only filters them and draws them with the site's own copy of plotly.js.
// The whole view lives in the page address (?lanes=theme&kinds=act,circular&from=2000-01-01&to=2010-12-31...)
// so a view can be shared. On a narrow screen the same rows become a vertical list of cards grouped by year.
(function () {
  "use strict";

  var el = window.NHS.el;
  var siteUrl = window.NHS.siteUrl;
  var PHONE = "(max-width: 640px)";

  // ------------------------------------------------------------ state <-> address

  function defaultState(spec) {
    return { lanes: "kind", kinds: spec.kinds.map(function (k) { return k.value; }), theme: "", low: true,
             layers: spec.layers.slice(), from: "", to: "" };
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
    var iso = /^\d{4}-\d{2}-\d{2}$/;
    if (iso.test(query.get("from") || "") && iso.test(query.get("to") || "")) { state.from = query.get("from"); state.to = query.get("to"); }
    return state;
  }

  function writeState(spec, state) {
    var query = new URLSearchParams(window.location.search);
    ["lanes", "kinds", "theme", "low", "layers", "from", "to"].forEach(function (k) { query.delete(k); });
    if (state.lanes !== "kind") { query.set("lanes", state.lanes); }
    if (spec.kinds.length !== state.kinds.length) { query.set("kinds", state.kinds.join(",")); }
    if (state.theme) { query.set("theme", state.theme); }
    if (!state.low) { query.set("low", "0"); }
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

  // Marks closer than a mark's width in one lane are nudged up and down so each can be seen and clicked.
  var NUDGES = [0, 0.26, -0.26, 0.13, -0.13, 0.39, -0.39];

  function spread(items, lanes, x) {
    var byLane = {};
    items.forEach(function (item) { (byLane[item.lane] = byLane[item.lane] || []).push(item); });
    Object.keys(byLane).forEach(function (lane) {
      var base = lanes.length - 1 - lanes.indexOf(lane);
      var taken = [];  // [pixel x, slot] of marks already placed in this lane
      byLane[lane].sort(function (p, q) { return p.row.mid < q.row.mid ? -1 : 1; }).forEach(function (item) {
        var px = x(item.row.mid);
        var near = taken.filter(function (t) { return Math.abs(t[0] - px) < 14; }).map(function (t) { return t[1]; });
        var slot = NUDGES.findIndex(function (_, i) { return near.indexOf(i) < 0; });
        if (slot < 0) { slot = 0; }
        taken.push([px, slot]);
        item.y = base + NUDGES[slot];
      });
    });
  }

  // ------------------------------------------------------------ plotly traces, labels and bands

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
        hovertext: group.map(function (i) { return i.row.hover; }), hoverinfo: "text",
        customdata: group.map(function (i) { return [i.row.id, i.row.url]; }),
        marker: {
          // The entry a page is about stands out: larger, with a heavy ring.
          color: group[0].row.colour, size: group.map(function (i) { return spec.highlight.indexOf(i.row.id) >= 0 ? 22 : 13; }),
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

  // Key milestones are labelled on the chart; a label is placed above or below its mark only where it
  // overlaps no other label, so none ever sits on another. The rest label on hover and focus.
  // The entries a story step highlights are labelled too, before any milestone, so theirs win a clash.
  function labelOrder(spec) {
    var first = function (item) { return spec.highlight.indexOf(item.row.id) >= 0 ? 0 : 1; };
    return function (p, q) { return first(p) - first(q) || (p.row.mid < q.row.mid ? -1 : 1); };
  }

  function milestoneLabels(items, x, yPixel, width, spec) {
    var boxes = [], annotations = [];
    var seen = {};
    items.filter(function (i) { return i.row.milestone || spec.highlight.indexOf(i.row.id) >= 0; }).sort(labelOrder(spec))
      .forEach(function (item) {
        if (seen[item.row.id]) { return; }
        seen[item.row.id] = true;
        var text = shorten(item.row.short), w = text.length * CHAR + 8, h = 17, px = x(item.row.mid), py = yPixel(item.y);
        var tries = spec.highlight.indexOf(item.row.id) >= 0 ? [-20, 20, -36, 36, -52, 52, -68, 68] : [-20, 20, -36, 36];
        for (var t = 0; t < tries.length; t++) {
          var left = Math.min(Math.max(px - w / 2, 0), width - w), top = py + tries[t] - h / 2;
          var box = [left, top, left + w, top + h];
          var clash = boxes.some(function (b) { return !(box[2] < b[0] || box[0] > b[2] || box[3] < b[1] || box[1] > b[3]); });
          if (!clash) {
            boxes.push(box);
            annotations.push({ x: item.row.mid, y: item.y, xref: "x", yref: "y", ax: left + w / 2 - px, ay: tries[t], text: text,
                               showarrow: true, arrowwidth: 1, arrowcolor: "#888", arrowhead: 0, standoff: 7,
                               font: { size: 11, color: "#222" }, bgcolor: "rgba(255,255,255,0.85)", name: "milestone" });
            break;
          }
        }
      });
    return annotations;
  }

  // Two strips above the plot: who governed (party colours, a split band for a coalition) and who
  // commissioned NHS care. Their labels sit in the strips, never over the marks, and only where they fit.
  function bandShapes(spec, x, width) {
    var shapes = [], annotations = [];
    spec.bands.forEach(function (band) {
      var top = band.kind === "government";
      var y0 = top ? 1.075 : 1.01, y1 = top ? 1.135 : 1.07;
      var colours = band.colours.length ? band.colours : [band.colour];
      colours.forEach(function (colour, i) {
        var h = (y1 - y0) / colours.length;
        shapes.push({ type: "rect", xref: "x", yref: "paper", x0: band.start, x1: band.end, y0: y0 + i * h, y1: y0 + (i + 1) * h,
                      fillcolor: colour, opacity: top ? 0.9 : 1, line: { width: 1, color: "#fff" }, layer: "below" });
      });
      var pixels = Math.min(x(band.end), width) - Math.max(x(band.start), 0);  // the part inside the plot
      var text = band.short || band.label;  // the full label is in the hover text
      if (pixels > text.length * CHAR + 8) {
        var middle = new Date((Math.max(ms(band.start), ms(x.range[0])) + Math.min(ms(band.end), ms(x.range[1]))) / 2).toISOString().slice(0, 10);
        annotations.push({ x: middle, xref: "x", yref: "paper", y: (y0 + y1) / 2, yanchor: "middle", showarrow: false, text: text,
                           hovertext: band.label, font: { size: 10, color: top ? "#000" : "#333" } });  // black reads on every party colour (contrast ≥ 4.5)
      }
    });
    shapes.push({ type: "rect", xref: "paper", yref: "paper", x0: 0, x1: 1, y0: 0, y1: 1, line: { width: 1, color: "#ccc" }, layer: "below" });
    return { shapes: shapes, annotations: annotations };
  }

  var MARGIN_LEFT = 180, MARGIN_RIGHT = 20;  // the lane names sit in the left margin

  function plotWidth(plot) { return Math.max(plot.clientWidth - MARGIN_LEFT - MARGIN_RIGHT, 200); }

  // The range slider asks Plotly for room below the date axis. Left to ask, Plotly draws the whole chart, finds
  // its bottom margin too small and draws it all again (about a quarter of the drawing time in a CPU profile). So
  // the room is given up front, as Plotly would compute it: the slider (a fraction of the height inside the base
  // margins), the date labels' depth (16 px) and Plotly's padding (15 px); the slider keeps the height it had.
  var MARGIN_TOP = 75, MARGIN_BOTTOM = 95, SLIDER_SHARE = 0.07, SLIDER_ROOM = 31;

  function sliderLayout(height) {
    var slider = SLIDER_SHARE * (height - MARGIN_TOP - MARGIN_BOTTOM);
    var bottom = Math.round(MARGIN_BOTTOM + slider + SLIDER_ROOM);
    return { bottom: bottom, thickness: slider / (height - MARGIN_TOP - bottom) };
  }

  // Text widths are estimates until drawn: after drawing, measure every label and hide any that still
  // touches one kept before it (strip labels first, then milestones in date order), so none overlaps.
  function declutter(plot) {
    var kept = [], updates = {};
    Array.prototype.slice.call(plot.querySelectorAll(".annotation")).sort(function (a, b) {
      return Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index"));
    }).forEach(function (g) {
      var text = g.querySelector(".annotation-text-g");
      if (!text) { return; }
      var r = text.getBoundingClientRect();
      if (!r.width) { return; }
      var clash = kept.some(function (k) { return !(r.right + 2 < k.left || r.left > k.right + 2 || r.bottom + 1 < k.top || r.top > k.bottom + 1); });
      if (clash) { updates["annotations[" + g.getAttribute("data-index") + "].visible"] = false; } else { kept.push(r); }
    });
    return Object.keys(updates).length ? window.Plotly.relayout(plot, updates) : Promise.resolve();
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
    var width = plotWidth(plot);
    var x = scale(range, width);
    x.range = range;
    spread(items, lanes, x);
    var height = fittedHeight(plot, Math.max(340, 170 + 56 * lanes.length));
    var slider = sliderLayout(height);
    var inner = height - MARGIN_TOP - slider.bottom;
    var yPixel = function (y) { return inner - (y + 0.5) / Math.max(lanes.length, 1) * inner; };
    var bands = bandShapes(spec, x, width);
    var labels = milestoneLabels(items, x, yPixel, width, spec);
    var traces = [spanTrace(items), supersessionTrace(items)].concat(markerTraces(spec, items));
    var layout = {
      template: "plotly_white", height: height, margin: { l: MARGIN_LEFT, r: MARGIN_RIGHT, t: MARGIN_TOP, b: slider.bottom, autoexpand: false },
      hovermode: "closest", hoverlabel: { align: "left" }, showlegend: false,
      shapes: bands.shapes, annotations: bands.annotations.concat(labels),
      xaxis: { type: "date", range: range, rangeslider: { visible: true, thickness: slider.thickness, range: spec.range } },
      yaxis: { range: [-0.6, lanes.length - 0.4], tickvals: lanes.map(function (_, i) { return lanes.length - 1 - i; }),
               ticktext: lanes, fixedrange: true, zeroline: false, gridcolor: "#eee" }
    };
    plot.dataset.marks = String(items.length);
    plot.dataset.entries = String(rows.length);
    return window.Plotly.react(plot, traces, layout, window.NHS.withSvgButton(spec.config)).then(function () { return declutter(plot); });
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
                 low: data.get("low") === "1", layers: data.getAll("layers") });
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
    list.appendChild(el("li", {}, ["● well sourced · ◆ one secondary source · ○ uncertain · grey bar: date known only to the year or month · dotted line: replaced · top strips: government and commissioning era"]));
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

  // "Download the rows shown": the CSV of what the current filters show.
  function csvOf(rows) {
    var cell = function (v) { v = String(v == null ? "" : v); return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; };
    var lines = [["id", "layer", "title", "kind", "date", "date_known_to", "confidence", "url"].join(",")];
    rows.forEach(function (r) {
      lines.push([r.id, r.layer, r.title, r.kind_label, r.label, r.precision, r.confidence, r.url ? siteUrl(r.url) : ""].map(cell).join(","));
    });
    return lines.join("\n") + "\n";
  }

  function downloadButton(getRows) {
    var button = el("button", { type: "button", class: "nhs-download-rows" }, ["Download the rows shown (CSV)"]);
    button.addEventListener("click", function () {
      var blob = new Blob([csvOf(getRows())], { type: "text/csv" });
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
    if (!holder || !window.Plotly) { return; }
    var spec = JSON.parse(holder.textContent);
    var state = readState(spec);
    var phone = window.matchMedia(PHONE).matches;
    var plot = el("div", { class: "nhs-timeline-plot" });
    var list = el("div", { class: "nhs-timeline-cards" });
    var status = el("p", { class: "nhs-timeline-status", role: "status", "aria-live": "polite" });
    var undatedBox = el("div", { class: "nhs-undated" });
    var form;
    function update(next) {
      state = next;
      if (spec.controls) { writeState(spec, state); }
      var rows = visibleRows(spec, state);
      renderUndated(undatedBox, spec, state);
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
        var shown = spec.story && spec.story.length ? rows.filter(function (r) { return spec.highlight.indexOf(r.id) >= 0; }) : rows;
        list.appendChild(cards(spec, shown));
        status.textContent = shown.length + (shown.length === 1 ? " entry" : " entries") + " shown, by year.";
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
    function reset() {
      var fresh = defaultState(spec);
      if (form) {
        var replacement = controls(spec, fresh, update, reset);
        replacement.appendChild(downloadButton(function () { return visibleRows(spec, state); }));
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
        state = Object.assign({}, state, { from: step.from, to: step.to });
      };
    }
    if (spec.controls) {
      form = controls(spec, state, update, reset);
      form.appendChild(downloadButton(function () { return visibleRows(spec, state); }));
      if (phone) {
        // On a phone the filters fold into one compact bar above the cards; the address keeps them as before.
        element.appendChild(el("details", { class: "nhs-filters" }, [el("summary", {}, ["Filters and downloads"]), form]));
      } else {
        element.appendChild(form);
      }
    }
    element.appendChild(status);
    element.appendChild(phone ? list : plot);
    if (!phone) { element.appendChild(legend(spec)); }
    element.appendChild(undatedBox);
    if (element.storyStart) { element.storyStart(); }
    update(state);
    if (phone) { return; }
    plot.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var target = point && point.customdata && point.customdata[1];
      if (target) { window.location.href = siteUrl(target); }
    });
    // Zooming (drag, range slider) goes into the address too; double-click returns to the whole range.
    plot.on("plotly_relayout", function (change) {
      var from = change["xaxis.range[0]"] || (change["xaxis.range"] || [])[0];
      var to = change["xaxis.range[1]"] || (change["xaxis.range"] || [])[1];
      if (change["xaxis.autorange"]) { update(Object.assign({}, state, { from: "", to: "" })); return; }
      if (from && to && spec.controls) {
        state = Object.assign({}, state, { from: String(from).slice(0, 10), to: String(to).slice(0, 10) });
        writeState(spec, state);
      }
    });
  }

  function setUpAll() { document.querySelectorAll(".nhs-timeline").forEach(setUp); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUpAll); } else { setUpAll(); }
})();
