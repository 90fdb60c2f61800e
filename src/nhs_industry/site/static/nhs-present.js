// The guided story as a lecturer presents it: ←/→ and a swipe step through it on its own page, and present mode
// fills the screen with the step's text and its chart, sized so that neither needs scrolling; there a presentation
// clicker (PageDown, PageUp) and Space step it too. The address ?present=1 opens the story in present mode (the
// home page links to it). nhs-timeline.js draws the story and hands this file its steps (element.nhsStory); this
// file only adds the ways to move.
(function () {
  "use strict";

  var el = window.NHS.el;
  var SWIPE = 60;  // pixels a finger must travel sideways, more than twice as far as up or down, to turn a step
  var BOTTOM = 12;  // pixels kept free under the chart in present mode

  // Arrow keys belong to form fields (the caret), the chart's own controls and anything with a role that takes
  // them; with a modifier they are the browser's (Alt+← is Back).
  function arrowsAreOurs(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return false; }
    var target = event.target;
    if (target && target.isContentEditable) { return false; }
    return !(target && target.closest &&
             target.closest("input, select, textarea, .nhs-timeline-plot, [role='application'], [role='slider'], [role='listbox'], dialog"));
  }

  function step(story, by) {
    var next = story.current() + by;
    if (next >= 1 && next <= story.count) { story.go(next, false); }
  }

  function inField(target) {
    return target && (target.isContentEditable || (target.closest && target.closest("input, select, textarea, dialog")));
  }

  // In present mode, the keys of slide software: what a presentation clicker sends (PageDown, PageUp) and Space
  // (Shift+Space goes back), wherever the focus is but in a field; on a focused button Space would press it, so
  // the key is taken before the button sees it. Outside present mode they scroll the page, as everywhere.
  var PRESENTER_KEYS = { PageDown: 1, PageUp: -1, " ": 1 };

  function presenterStep(event) {
    if (!(event.key in PRESENTER_KEYS) || event.altKey || event.ctrlKey || event.metaKey || inField(event.target)) { return 0; }
    if (event.shiftKey) { return event.key === " " ? -1 : 0; }
    return PRESENTER_KEYS[event.key];
  }

  // Heard first (capture on window): the theme turns ←/→ into "go to the previous or next page", which would take
  // the reader off the story; here they never leave it. Keys in a field go on to the field's own handlers.
  // The listeners read the element's current story at each event (a phone may build the story again).
  function listenForKeys(element) {
    window.addEventListener("keydown", function (event) {
      var story = element.nhsStory, presenter = story.presenter;
      if (event.key === "Escape" && presenter.on()) { presenter.leave(); return; }
      var by = presenter.on() ? presenterStep(event) : 0;
      if (by) {
        event.preventDefault();
        event.stopPropagation();
        step(story, by);
        return;
      }
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") { return; }
      if (!event.altKey && !event.ctrlKey && !event.metaKey && !inField(event.target)) { event.stopPropagation(); }
      if (!arrowsAreOurs(event)) { return; }
      event.preventDefault();
      step(story, event.key === "ArrowRight" ? 1 : -1);
    }, true);
  }

  function listenForSwipes(element) {
    var start = null;
    element.addEventListener("touchstart", function (event) {
      var target = event.target;
      // A drag on the chart zooms it; a touch in a field is typing.
      start = event.touches.length === 1 && !(target.closest && target.closest(".nhs-timeline-plot, input, select, textarea"))
        ? { x: event.touches[0].clientX, y: event.touches[0].clientY } : null;
    }, { passive: true });
    element.addEventListener("touchend", function (event) {
      if (!start || !event.changedTouches.length) { return; }
      var dx = event.changedTouches[0].clientX - start.x, dy = event.changedTouches[0].clientY - start.y;
      start = null;
      if (Math.abs(dx) >= SWIPE && Math.abs(dx) > 2 * Math.abs(dy)) { step(element.nhsStory, dx < 0 ? 1 : -1); }
    }, { passive: true });
  }

  // Whether present mode is in the address (?present=1), kept there so that a link or a reload opens it again.
  function presentInAddress() { return new URLSearchParams(window.location.search).get("present") === "1"; }

  function writePresentToAddress(on) {
    var query = new URLSearchParams(window.location.search);
    if (on) { query.set("present", "1"); } else { query.delete("present"); }
    var search = query.toString();
    window.history.replaceState(window.history.state, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
  }

  // Present mode: the story's element fills the screen (and the display, where the browser allows it: not when the
  // address opened it, since only a reader's own press may ask for the full screen); the chart is redrawn to the
  // height left below the step's text, measured afresh at each step since texts differ in length, with its text
  // enlarged for a projector (nhs-timeline.js, lettering).
  function presentMode(element, story) {
    var button = el("button", { type: "button", class: "nhs-present-button", "aria-pressed": "false" }, ["Present"]);
    var plot = element.querySelector(".nhs-timeline-plot");
    var resizing = null;
    function room() { return window.innerHeight - plot.getBoundingClientRect().top - BOTTOM; }
    function on() { return element.classList.contains("nhs-presenting"); }
    function redrawSoon() { window.clearTimeout(resizing); resizing = window.setTimeout(story.redraw, 150); }
    function enter() {
      element.classList.add("nhs-presenting");
      document.documentElement.classList.add("nhs-presenting-page");
      button.setAttribute("aria-pressed", "true");
      button.textContent = "Leave present mode (Esc)";
      if (plot) { plot.nhsRoom = room; }
      writePresentToAddress(true);
      if (element.requestFullscreen && (!navigator.userActivation || navigator.userActivation.isActive)) {
        element.requestFullscreen().catch(function () { /* the overlay alone will do */ });
      }
      window.addEventListener("resize", redrawSoon);
      story.redraw();
    }
    function leave() {
      if (!on()) { return; }
      element.classList.remove("nhs-presenting");
      document.documentElement.classList.remove("nhs-presenting-page");
      button.setAttribute("aria-pressed", "false");
      button.textContent = "Present";
      if (plot) { delete plot.nhsRoom; }
      writePresentToAddress(false);
      window.removeEventListener("resize", redrawSoon);
      if (document.fullscreenElement && document.exitFullscreen) { document.exitFullscreen().catch(function () {}); }
      story.redraw();
      button.focus();
    }
    button.addEventListener("click", function () { if (on()) { leave(); } else { enter(); } });
    // Escape in full screen is taken by the browser to leave it: leave present mode with it.
    document.addEventListener("fullscreenchange", function () { if (!document.fullscreenElement) { leave(); } });
    story.panel.querySelector(".nhs-story-nav").appendChild(button);
    return { on: on, enter: enter, leave: leave };
  }

  // The story exists only once nhs-timeline.js has built it, which waits for the chart library (fetched when the
  // chart is drawn) or, on a phone, may be built again when the reader asks for the chart: so each story is taken
  // up when its timeline announces a drawing, and a rebuilt story (a new panel) gets its own Present button.
  function setUp(element) {
    var story = element.nhsStory;
    if (!story || story.presenter) { return; }
    story.presenter = presentMode(element, story);
    if (element.dataset.presentReady) { return; }
    element.dataset.presentReady = "1";
    listenForKeys(element);
    listenForSwipes(element);
    if (presentInAddress()) { story.presenter.enter(); }
  }

  function setUpAll() { document.querySelectorAll(".nhs-timeline").forEach(setUp); }
  document.addEventListener("nhs-chart-ready", function (event) {
    var timeline = event.target.closest && event.target.closest(".nhs-timeline");
    if (timeline) { setUp(timeline); }
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUpAll); } else { setUpAll(); }
})();
