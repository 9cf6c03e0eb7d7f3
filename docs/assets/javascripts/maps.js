/* Map figures on section pages (docs/figure-rules.md, "Maps"). Material's instant
   navigation handles in-page links itself and leaves the focus where it was, so the
   "Skip the interactive map" link moves the focus to the map's description; a listener on
   the window (before Material's own, which listens on the document) works for every page
   instant navigation swaps in. */
window.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.mtm-map__skip");
  if (!link) { return; }
  var target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) { return; }
  event.preventDefault();
  event.stopPropagation();
  target.focus();
}, true);
