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

/* The live map loads when the reader asks for it: pointing at or tapping the static map,
   or the "Interactive map" button (focus starts the download, a press moves into the
   map). Until then the page carries only the static image: the map document and Leaflet
   (about 60 KB gzip a map) are not part of the first load. */
(function () {
  "use strict";

  function activate(figure, focus) {
    if (!figure || figure.classList.contains("is-live")) return;
    var frame = figure.querySelector("iframe.mtm-map__frame[data-src]");
    if (!frame) return;
    frame.src = frame.getAttribute("data-src");
    figure.classList.add("is-live");
    if (focus) frame.focus();
  }
  function figureOf(el) {
    return el && el.closest ? el.closest("figure.mtm-map") : null;
  }
  function near(event) {
    var img = event.target.closest && event.target.closest("img.mtm-map__static");
    if (img) activate(figureOf(img), false);
  }
  document.addEventListener("pointerover", near, { passive: true });
  document.addEventListener("touchstart", near, { passive: true });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".mtm-map__activate");
    if (button) activate(figureOf(button), true);
  });
})();
