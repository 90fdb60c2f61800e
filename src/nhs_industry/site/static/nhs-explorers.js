// Table-first widgets: the rules-in-force date picker and searchable, sortable, filterable tables.
// Without JavaScript the page still shows the same facts as plain lists and tables.
(function () {
  "use strict";

  var el = window.NHS.el;

  // ------------------------------------------------------------ rules in force on a date

  function monthsSince(year, iso) { var d = new Date(iso); return (d.getUTCFullYear() - year) * 12 + d.getUTCMonth(); }
  function dateFromMonths(year, months) { return new Date(Date.UTC(year + Math.floor(months / 12), months % 12, 1)); }
  function iso(date) { return date.toISOString().slice(0, 10); }
  function label(date) { return date.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }); }

  // The same rule as nhs_industry.in_force.Span.status: a start or end known only to a year or a
  // month is a span, and while it could fall either side of the date the status is uncertain. With no
  // certain end, guidance is in force only while the evidence lasts (its start, or its last status check);
  // legislation until an end is recorded.
  function status(r, on) {
    if (on < r.start_first) { return "not yet"; }
    if (on <= r.start_last && !r.start_day) { return "starting"; }
    if (r.end_first && !r.lapsed) {
      if (on < r.end_first) { return "in force"; }
      if (on <= r.end_last && !r.end_day) { return "ending"; }
      return "ended";
    }
    if (r.end_first && on >= r.end_first) { return "ended"; }
    if (r.evidence_until === null || on <= r.evidence_until) { return "in force"; }  // null: legislation, in force until ended
    return r.end_first ? "ending" : "not checked";
  }

  // The nation the lists answer for: ?nation=scotland in the address, else the page's default (England).
  function nationFromAddress(spec) {
    var asked = new URLSearchParams(window.location.search).get("nation");
    return spec.nations.some(function (n) { return n.value === asked; }) ? asked : spec.nation;
  }

  function nationPicker(spec, id, onChange) {
    var select = el("select", { id: id }, spec.nations.map(function (n) { return el("option", { value: n.value }, [n.label]); }));
    select.value = nationFromAddress(spec);
    select.addEventListener("change", function () {
      var query = new URLSearchParams(window.location.search);
      query.set("nation", select.value);
      window.history.replaceState(null, "", window.location.pathname + "?" + query.toString() + window.location.hash);
      onChange();
    });
    return select;
  }

  function nationLabel(spec, value) {
    return spec.nations.filter(function (n) { return n.value === value; })[0].label;
  }

  function appliesIn(r, nation) { return r.nations.indexOf(nation) >= 0; }

  function entryLink(spec, row) {
    return el("a", { href: spec.root + row.url }, [row.title]);
  }

  function listByKind(spec, rows, describe) {
    var out = [];
    spec.kinds.forEach(function (kind) {
      var group = rows.filter(function (r) { return r.kind === kind.value; });
      if (!group.length) { return; }
      out.push(el("h4", {}, [kind.label]));
      out.push(el("ul", { class: "nhs-live" }, group.map(function (r) { return el("li", {}, [entryLink(spec, r), " (" + describe(r) + ")"]); })));
    });
    return out;
  }

  function renderInForce(spec, output, on, nation) {
    output.innerHTML = "";
    var withStatus = spec.rows.filter(function (r) { return appliesIn(r, nation); })
      .map(function (r) { return { row: r, status: status(r, on) }; });
    var live = withStatus.filter(function (s) { return s.status === "in force"; }).map(function (s) { return s.row; });
    var unsure = withStatus.filter(function (s) { return s.status === "starting" || s.status === "ending"; });
    var unchecked = withStatus.filter(function (s) { return s.status === "not checked"; });
    output.appendChild(el("h3", {}, [live.length + " rules in force in " + nationLabel(spec, nation) + " on 1 " + label(new Date(on))]));
    listByKind(spec, live, function (r) { return "from " + r.start_label + "; " + r.end_text; })
      .forEach(function (node) { output.appendChild(node); });
    if (unsure.length) {
      output.appendChild(el("h3", {}, ["Uncertain on this date (" + unsure.length + ")"]));
      output.appendChild(el("p", {}, ["Their start or end is known only to the year or month, and this date falls inside it."]));
      output.appendChild(el("ul", { class: "nhs-uncertain" }, unsure.map(function (s) {
        var why = s.status === "starting" ? "coming into force some time in " + s.row.start_label : s.row.end_text;
        return el("li", {}, [entryLink(spec, s.row), " (" + why + ")"]);
      })));
    }
    if (unchecked.length) {
      output.appendChild(el("h3", {}, ["Status not checked for this date (" + unchecked.length + ")"]));
      output.appendChild(el("p", {}, ["No end is recorded for these, but no source from the last few years confirms they still applied."]));
      output.appendChild(el("ul", { class: "nhs-unchecked" }, unchecked.map(function (s) {
        return el("li", {}, [entryLink(spec, s.row), " (" + s.row.unchecked_text + ")"]);
      })));
    }
  }

  // The month shown is in the address (?on=2008-02), so a lecturer can link to "the rules in February 2008".
  function monthFromAddress(spec) {
    var on = new URLSearchParams(window.location.search).get("on");
    return /^\d{4}-\d{2}$/.test(on || "") ? on + "-01" : spec.initial;
  }

  function setUpInForce(element) {
    var spec = JSON.parse(document.getElementById(element.dataset.spec).textContent);
    var last = monthsSince(spec.first_year, spec.last);
    var clamp = function (m) { return Math.min(Math.max(m, 0), last); };
    var slider = el("input", { type: "range", min: "0", max: String(last), step: "1", id: "nhs-in-force-date",
                               value: String(clamp(monthsSince(spec.first_year, monthFromAddress(spec)))) });
    var shown = el("output", { for: "nhs-in-force-date", class: "nhs-in-force-date" });
    var year = el("input", { type: "number", id: "nhs-in-force-year", min: String(spec.first_year), max: spec.last.slice(0, 4), step: "1" });
    var previous = el("button", { type: "button", class: "nhs-month-step" }, ["← Previous month"]);
    var next = el("button", { type: "button", class: "nhs-month-step" }, ["Next month →"]);
    var output = el("div", { class: "nhs-in-force-output", "aria-live": "polite" });
    var nation = nationPicker(spec, "nhs-in-force-nation", function () { update(); });
    var answersFor = el("p", { class: "nhs-answers-for" });
    function update() {
      var date = dateFromMonths(spec.first_year, Number(slider.value));
      answersFor.replaceChildren("The list answers for ", el("strong", {}, [nationLabel(spec, nation.value)]), ".");
      shown.textContent = label(date);
      slider.setAttribute("aria-valuetext", label(date));
      year.value = String(date.getUTCFullYear());
      var query = new URLSearchParams(window.location.search);
      query.set("on", iso(date).slice(0, 7));
      window.history.replaceState(null, "", window.location.pathname + "?" + query.toString() + window.location.hash);
      renderInForce(spec, output, iso(date), nation.value);
    }
    function go(months) { slider.value = String(clamp(months)); update(); }
    slider.addEventListener("input", update);
    previous.addEventListener("click", function () { go(Number(slider.value) - 1); });
    next.addEventListener("click", function () { go(Number(slider.value) + 1); });
    year.addEventListener("change", function () {
      var y = Number(year.value);
      if (y) { go((y - spec.first_year) * 12 + Number(slider.value) % 12); }
    });
    element.appendChild(el("div", { class: "nhs-nation" }, [el("label", { for: "nhs-in-force-nation", class: "nhs-control" }, ["Nation: "]), nation]));
    element.appendChild(answersFor);
    element.appendChild(el("label", { for: "nhs-in-force-date", class: "nhs-control" }, ["Pick a month: "]));
    element.appendChild(slider);
    element.appendChild(shown);
    element.appendChild(el("div", { class: "nhs-in-force-steps" }, [previous, next,
      el("label", { for: "nhs-in-force-year", class: "nhs-control" }, [" Year: "]), year]));
    element.appendChild(output);
    update();
  }

  // ------------------------------------------------------------ compare the rules on two dates

  function setUpCompare(element) {
    var spec = JSON.parse(document.getElementById(element.dataset.spec).textContent);
    var query = new URLSearchParams(window.location.search);
    var month = /^\d{4}-\d{2}$/;
    var inputs = ["a", "b"].map(function (key, i) {
      var value = month.test(query.get(key) || "") ? query.get(key) : (i ? spec.second : spec.first);
      return el("input", { type: "month", id: "nhs-compare-" + key, value: value, min: "1950-01", max: spec.last.slice(0, 7) });
    });
    var output = el("div", { class: "nhs-compare-output", "aria-live": "polite" });
    var nation = nationPicker(spec, "nhs-compare-nation", function () { update(); });
    function live(on) {
      var ids = {};
      spec.rows.forEach(function (r) { if (appliesIn(r, nation.value) && status(r, on) === "in force") { ids[r.id] = r; } });
      return ids;
    }
    function list(title, rows) {
      return [el("h4", {}, [title + " (" + rows.length + ")"]),
              el("ul", {}, rows.length ? rows.map(function (r) { return el("li", {}, [entryLink(spec, r), " (" + r.end_text + ")"]); })
                                       : [el("li", {}, ["none"])])];
    }
    function update() {
      var a = inputs[0].value, b = inputs[1].value;
      if (!month.test(a) || !month.test(b)) { return; }
      var q = new URLSearchParams(window.location.search);
      q.set("a", a); q.set("b", b);
      window.history.replaceState(null, "", window.location.pathname + "?" + q.toString() + window.location.hash);
      var first = live(a + "-01"), second = live(b + "-01");
      var byTitle = function (p, q2) { return p.title < q2.title ? -1 : 1; };
      var gone = Object.keys(first).filter(function (i) { return !second[i]; }).map(function (i) { return first[i]; }).sort(byTitle);
      var added = Object.keys(second).filter(function (i) { return !first[i]; }).map(function (i) { return second[i]; }).sort(byTitle);
      var both = Object.keys(first).filter(function (i) { return second[i]; }).map(function (i) { return first[i]; }).sort(byTitle);
      output.innerHTML = "";
      var where = " in " + nationLabel(spec, nation.value);
      var first = label(new Date(a + "-01")), then = label(new Date(b + "-01"));  // "January 2007", as a reader writes it
      list("In force" + where + " in " + first + " and no longer in " + then, gone).concat(list("In force" + where + " in " + then + " but not yet in " + first, added))
        .concat(list("In force" + where + " on both dates", both)).forEach(function (node) { output.appendChild(node); });
    }
    var fallback = element.querySelector(".nhs-compare-fallback");
    if (fallback) { fallback.remove(); }
    element.appendChild(el("div", { class: "nhs-nation" }, [el("label", { for: "nhs-compare-nation", class: "nhs-control" }, ["Nation: "]), nation]));
    inputs.forEach(function (input, i) {
      input.addEventListener("change", update);
      element.appendChild(el("label", { for: input.id, class: "nhs-control" }, [i ? "Second month: " : "First month: "]));
      element.appendChild(input);
    });
    element.appendChild(output);
    update();
  }

  // ------------------------------------------------------------ searchable, sortable tables

  // A filter cell's values, whole: from data-values (written by the build), else the cell's text.
  function cellValues(td) {
    return td.dataset.values ? JSON.parse(td.dataset.values) : [td.textContent.trim()];
  }

  // Dates sort by their ISO form in data-sort, not by how they read ("1 Sep 2021" vs "2003").
  function sortValue(td) { return td.dataset.sort !== undefined ? td.dataset.sort : td.textContent; }

  function setUpTable(element) {
    var table = element.querySelector("table");
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var controls = el("form", { class: "nhs-table-controls", role: "search" });
    var search = el("input", { type: "search", placeholder: "Search the table", "aria-label": "Search the table" });
    controls.appendChild(search);
    var selects = [];
    headers.forEach(function (th) { th.dataset.name = th.textContent.trim(); });
    headers.forEach(function (th, column) {
      if (!th.dataset.filter) { return; }
      var values = {};
      rows.forEach(function (tr) { cellValues(tr.children[column]).forEach(function (v) { values[v] = true; }); });
      var select = el("select", { "aria-label": "Filter by " + th.textContent }, [el("option", { value: "" }, ["Any " + th.textContent.toLowerCase()])]);
      Object.keys(values).sort().forEach(function (v) { select.appendChild(el("option", { value: v }, [v])); });
      select.dataset.column = String(column);
      selects.push(select);
      controls.appendChild(select);
    });
    var count = el("p", { class: "nhs-table-count", role: "status", "aria-live": "polite" });
    element.insertBefore(count, table);
    element.insertBefore(controls, count);
    function apply() {
      var words = search.value.toLowerCase().trim();
      var shown = 0;
      rows.forEach(function (tr) {
        var text = tr.textContent.toLowerCase();
        var ok = !words || text.indexOf(words) >= 0;
        selects.forEach(function (select) {
          // Whole values only: "London" must not match "South London".
          if (select.value && cellValues(tr.children[Number(select.dataset.column)]).indexOf(select.value) < 0) { ok = false; }
        });
        tr.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length + " rows shown.";
    }
    // The search, the filters and the sort are kept in the address (?q=...&Region=London&sort=Began), so a view can be shared.
    function remember() {
      var query = new URLSearchParams(window.location.search);
      ["q", "sort", "order"].concat(selects.map(function (s) { return headers[Number(s.dataset.column)].dataset.name; }))
        .forEach(function (k) { query.delete(k); });
      if (search.value) { query.set("q", search.value); }
      selects.forEach(function (select) { if (select.value) { query.set(headers[Number(select.dataset.column)].dataset.name, select.value); } });
      var sorted = headers.filter(function (th) { return th.getAttribute("aria-sort") !== "none"; })[0];
      if (sorted) { query.set("sort", sorted.dataset.name); query.set("order", sorted.getAttribute("aria-sort")); }
      var text = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (text ? "?" + text : "") + window.location.hash);
    }
    controls.addEventListener("input", function () { apply(); remember(); });
    controls.addEventListener("submit", function (event) { event.preventDefault(); });
    function sortBy(th, column, ascending) {
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = sortValue(a.children[column]), y = sortValue(b.children[column]);
          return (ascending ? 1 : -1) * x.localeCompare(y, "en", { numeric: true });
        });
        var body = table.querySelector("tbody");
        rows.forEach(function (tr) { body.appendChild(tr); });
    }
    headers.forEach(function (th, column) {
      var button = el("button", { type: "button", class: "nhs-sort" }, [th.textContent]);
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        sortBy(th, column, th.getAttribute("aria-sort") !== "ascending");
        remember();
      });
    });
    var initial = new URLSearchParams(window.location.search);
    if (initial.get("q")) { search.value = initial.get("q"); }
    selects.forEach(function (select) {
      var wanted = initial.get(headers[Number(select.dataset.column)].dataset.name);
      if (wanted) { select.value = wanted; }
    });
    headers.forEach(function (th, column) {
      if (initial.get("sort") === th.dataset.name) { sortBy(th, column, initial.get("order") !== "descending"); }
    });
    apply();
  }

  function setUpAll() {
    document.querySelectorAll(".nhs-in-force").forEach(setUpInForce);
    document.querySelectorAll(".nhs-compare").forEach(setUpCompare);
    document.querySelectorAll(".nhs-table-explorer").forEach(setUpTable);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUpAll); } else { setUpAll(); }
})();
