/* Live charts: render each figure's Vega-Lite spec with the self-hosted vega-embed.
 * Material's instant navigation swaps page content without reloading scripts, so
 * charts are set up on every page change via `document$`. The static SVG stays in
 * place until the live chart has rendered, and stays for good if anything fails. */
(function () {
  "use strict";

  function renderCharts() {
    if (typeof window.vegaEmbed !== "function") return;
    var targets = document.querySelectorAll(".mtm-chart__live[data-spec]");
    targets.forEach(function (el) {
      if (el.dataset.state) return;
      el.dataset.state = "loading";
      fetch(el.dataset.spec)
        .then(function (res) {
          if (!res.ok) throw new Error("HTTP " + res.status);
          return res.json();
        })
        .then(function (spec) {
          // Compile warnings (e.g. about autosizing) are not errors for a reader.
          return window.vegaEmbed(el, spec, {
            renderer: "svg", actions: false, tooltip: true, logLevel: 1 /* vega Error */
          });
        })
        .then(function () {
          el.dataset.state = "live";
          var figure = el.closest(".mtm-chart");
          if (figure) figure.classList.add("is-live");
        })
        .catch(function (err) {
          // The static SVG stays in place; say why the live chart is missing.
          el.dataset.state = "static";
          console.error("Chart " + el.dataset.spec + " could not be drawn live:", err);
        });
    });
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(renderCharts);
  } else {
    document.addEventListener("DOMContentLoaded", renderCharts);
  }
})();
