// The practice matrix ("What was allowed, when"): the answer of the cell under the pointer or the keyboard's focus
// is written out in words below the grid, so it can be read without the browser's tooltip (which keyboards and
// touch screens never show). Tapping or clicking a cell still opens its year on the practice's page.
(function () {
  "use strict";
  function wire(sheet) {
    var out = sheet.querySelector(".nhs-matrix-answer");
    if (!out) { return; }
    function show(event) {
      var link = event.target.closest && event.target.closest(".nhs-matrix td a");
      if (link) { out.textContent = link.getAttribute("title"); }
    }
    sheet.addEventListener("focusin", show);
    sheet.addEventListener("mouseover", show);
  }
  document.querySelectorAll(".nhs-matrix-sheet").forEach(wire);
})();
