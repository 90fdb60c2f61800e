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

  function inForce(rows, on) {
    return rows.filter(function (r) { return r.from <= on && (!r.until || r.until > on); });
  }

  // Milestones: every date on which some rule took effect or was withdrawn.
  function milestones(rows) {
    var all = {};
    rows.forEach(function (r) { all[r.from] = true; if (r.until) { all[r.until] = true; } });
    return Object.keys(all).sort();
  }

  function entryLink(spec, row) {
    return el("a", { href: spec.root + row.url }, [row.title]);
  }

  function renderInForce(spec, output, on) {
    output.innerHTML = "";
    var live = inForce(spec.rows, on);
    output.appendChild(el("h3", {}, [live.length + " rules in force on 1 " + label(new Date(on))]));
    var byKind = {};
    live.forEach(function (r) { (byKind[r.kind] = byKind[r.kind] || []).push(r); });
    Object.keys(byKind).forEach(function (kind) {
      output.appendChild(el("h4", {}, [kind]));
      output.appendChild(el("ul", {}, byKind[kind].map(function (r) {
        return el("li", {}, [entryLink(spec, r), " (from " + r.from_label + ")"]);
      })));
    });
    var passed = milestones(spec.rows).filter(function (m) { return m <= on; });
    if (passed.length) {
      var latest = passed[passed.length - 1], previous = passed.length > 1 ? passed[passed.length - 2] : "0000";
      var began = spec.rows.filter(function (r) { return r.from > previous && r.from <= latest; });
      var ended = spec.rows.filter(function (r) { return r.until && r.until > previous && r.until <= latest; });
      var change = el("div", { class: "nhs-changes" }, [el("h3", {}, ["What changed at the latest milestone (" + latest + ")"])]);
      change.appendChild(el("ul", {}, began.map(function (r) { return el("li", {}, ["Took effect: ", entryLink(spec, r)]); })
        .concat(ended.map(function (r) { return el("li", {}, ["Withdrawn: ", entryLink(spec, r)]); }))));
      output.appendChild(change);
    }
  }

  function setUpInForce(element) {
    var spec = JSON.parse(document.getElementById(element.dataset.spec).textContent);
    var last = monthsSince(spec.first_year, spec.last);
    var slider = el("input", { type: "range", min: "0", max: String(last), step: "1", id: "nhs-in-force-date",
                               value: String(monthsSince(spec.first_year, spec.initial)) });
    var shown = el("output", { for: "nhs-in-force-date", class: "nhs-in-force-date" });
    var output = el("div", { class: "nhs-in-force-output", "aria-live": "polite" });
    function update() {
      var date = dateFromMonths(spec.first_year, Number(slider.value));
      shown.textContent = label(date);
      slider.setAttribute("aria-valuetext", label(date));
      renderInForce(spec, output, iso(date));
    }
    slider.addEventListener("input", update);
    element.appendChild(el("label", { for: "nhs-in-force-date", class: "nhs-control" }, ["Pick a month: "]));
    element.appendChild(slider);
    element.appendChild(shown);
    element.appendChild(output);
    update();
  }

  // ------------------------------------------------------------ searchable, sortable tables

  function setUpTable(element) {
    var table = element.querySelector("table");
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var controls = el("form", { class: "nhs-table-controls", role: "search" });
    var search = el("input", { type: "search", placeholder: "Search the table", "aria-label": "Search the table" });
    controls.appendChild(search);
    var selects = [];
    headers.forEach(function (th, column) {
      if (!th.dataset.filter) { return; }
      var values = {};
      rows.forEach(function (tr) {
        tr.children[column].textContent.split(/;\s*|,\s*/).forEach(function (v) { if (v.trim()) { values[v.trim()] = true; } });
      });
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
          if (select.value && tr.children[Number(select.dataset.column)].textContent.indexOf(select.value) < 0) { ok = false; }
        });
        tr.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length + " rows shown.";
    }
    controls.addEventListener("input", apply);
    controls.addEventListener("submit", function (event) { event.preventDefault(); });
    headers.forEach(function (th, column) {
      var button = el("button", { type: "button", class: "nhs-sort" }, [th.textContent]);
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = a.children[column].textContent, y = b.children[column].textContent;
          return (ascending ? 1 : -1) * x.localeCompare(y, "en", { numeric: true });
        });
        var body = table.querySelector("tbody");
        rows.forEach(function (tr) { body.appendChild(tr); });
      });
    });
    apply();
  }

  function setUpAll() {
    document.querySelectorAll(".nhs-in-force").forEach(setUpInForce);
    document.querySelectorAll(".nhs-table-explorer").forEach(setUpTable);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUpAll); } else { setUpAll(); }
})();
