/* Live charts: render each figure's Vega-Lite spec with the self-hosted vega-embed.
 *
 * - The Vega bundle (about 300 KB gzip) is loaded only on pages that have charts, and
 *   only once: Material's instant navigation keeps it across page changes.
 * - A chart is drawn when it comes near the viewport; until then, and for good if
 *   anything fails or JavaScript is off, the static SVG rendered at build time shows.
 * - Instant navigation swaps page content without re-running scripts, so setup runs
 *   on every page change via Material's `document$`. */
(function () {
  "use strict";

  var script = document.currentScript;
  var bundleUrl = new URL("../vendor/vega/vega-embed-bundle.js", script && script.src
    ? script.src : document.baseURI).href;
  var bundle = null;

  function loadBundle() {
    if (typeof window.vegaEmbed === "function") return Promise.resolve();
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        var el = document.createElement("script");
        el.src = bundleUrl;
        el.onload = function () { resolve(); };
        el.onerror = function () { reject(new Error("could not load " + bundleUrl)); };
        document.head.appendChild(el);
      });
    }
    return bundle;
  }

  function draw(el) {
    if (el.dataset.state) return;
    el.dataset.state = "loading";
    Promise.all([loadBundle(), fetch(el.dataset.spec).then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status + " for " + el.dataset.spec);
      return res.json();
    })])
      .then(function (results) {
        // Compile warnings (e.g. about autosizing) are not errors for a reader.
        return window.vegaEmbed(el, results[1], {
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
  }

  function setup() {
    var targets = document.querySelectorAll(".mtm-chart__live[data-spec]");
    if (!targets.length) return;
    if (!("IntersectionObserver" in window)) {
      targets.forEach(draw);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        draw(entry.target.querySelector(".mtm-chart__live[data-spec]"));
      });
    }, { rootMargin: "600px 0px" });
    targets.forEach(function (el) { observer.observe(el.closest(".mtm-chart") || el); });
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
