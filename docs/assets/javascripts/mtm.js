/* Live charts: the static SVG first; the chart drawn live (Vega) only when asked for.
 *
 * - The page shows each chart's static SVG (rendered at build time, wide or narrow).
 *   The Vega bundle (about 300 KB gzip) is loaded only when the reader interacts with a
 *   chart: points at it or taps it, focuses its "Interactive chart" button (which starts
 *   the download) or presses that button. It is loaded once per visit: Material's
 *   instant navigation keeps this script, and its promise, across page changes.
 * - A chart drawn live uses the spec that fits its container (narrow below the width in
 *   data-breakpoint), is one image named by the chart's text alternative (role="img"
 *   and aria-label), and links to its data table.
 * - If anything fails, or JavaScript is off, the static SVG stays.
 * Listeners sit on the document, so pages swapped in by instant navigation need no
 * setup of their own. */
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
        el.onerror = function () {
          bundle = null; // a later interaction may try again
          reject(new Error("could not load " + bundleUrl));
        };
        document.head.appendChild(el);
      });
    }
    return bundle;
  }

  function specUrl(el) {
    var narrow = el.dataset.specNarrow;
    var limit = parseFloat(el.dataset.breakpoint || "0");
    var width = el.clientWidth || (el.parentElement && el.parentElement.clientWidth) || 0;
    return narrow && width && width < limit ? narrow : el.dataset.spec;
  }

  function goLive(figure, el, button) {
    el.dataset.state = "live";
    figure.classList.add("is-live");
    // One image named by the text alternative; Vega's own marks carry no ARIA.
    el.setAttribute("role", "img");
    el.setAttribute("aria-label", el.dataset.label || "");
    el.setAttribute("tabindex", "-1");
    if (button) {
      var hadFocus = document.activeElement === button;
      button.hidden = true;
      if (hadFocus) el.focus();
    }
  }

  function draw(figure) {
    var el = figure.querySelector(".mtm-chart__live[data-spec]");
    if (!el || el.dataset.state) return;
    el.dataset.state = "loading";
    var button = figure.querySelector(".mtm-chart__activate");
    var url = specUrl(el);
    Promise.all([loadBundle(), fetch(url).then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status + " for " + url);
      return res.json();
    })])
      .then(function (results) {
        // Compile warnings (e.g. about autosizing) are not errors for a reader.
        return window.vegaEmbed(el, results[1], {
          renderer: "svg", actions: false, tooltip: true, logLevel: 1 /* vega Error */
        });
      })
      .then(function () { goLive(figure, el, button); })
      .catch(function (err) {
        // The static SVG stays in place; say why the live chart is missing.
        el.dataset.state = "static";
        el.textContent = "";
        console.error("Chart " + url + " could not be drawn live:", err);
      });
  }

  function chartOf(target) {
    return target && target.closest ? target.closest(".mtm-chart") : null;
  }

  // Pointing at the chart itself (not its notes or table) draws it; so does a tap.
  function onPointer(event) {
    var figure = chartOf(event.target);
    if (figure && event.target.closest(".mtm-chart__body")) draw(figure);
  }
  document.addEventListener("pointerover", onPointer, { passive: true });
  document.addEventListener("touchstart", onPointer, { passive: true });

  // Keyboard: focusing the button fetches the bundle, pressing it draws the chart.
  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".mtm-chart__activate")) {
      loadBundle().catch(function () { /* reported when drawing */ });
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".mtm-chart__activate");
    if (button) {
      draw(chartOf(button));
      return;
    }
    // The "Data table" link opens the table it points to. Capture phase: Material's
    // instant navigation handles same-page links itself.
    var link = event.target.closest && event.target.closest(".mtm-chart__table-link");
    if (link) openTable(decodeURIComponent(link.hash.slice(1)));
  }, true);

  function openTable(id) {
    var target = id && document.getElementById(id);
    var details = target && target.classList.contains("mtm-chart__data")
      ? target.querySelector("details") : null;
    if (details) details.open = true;
  }
  // A link from elsewhere (or the reader's history) to a chart's data table opens it too.
  // Material's instant navigation may load the page for the link itself (pushState: no
  // hashchange), so the table is also opened whenever a page is shown.
  function openFromHash() {
    openTable(decodeURIComponent(location.hash.slice(1)));
  }
  window.addEventListener("hashchange", openFromHash);
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(openFromHash);
  } else {
    document.addEventListener("DOMContentLoaded", openFromHash);
  }
})();

/* "Cite this figure" says when the reader accessed it: today's date, written where the
 * page leaves a placeholder (generator/templates/figure_share.html). Without JavaScript
 * the placeholder "(date)" stays. Instant navigation: run on every page change. */
(function () {
  "use strict";

  function today() {
    var d = new Date();
    var text = d.toLocaleDateString(window.mtmText("date_locale", "en-GB"),
                                    { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll("[data-mtm-today]").forEach(function (el) {
      el.textContent = text;
    });
  }
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(today);
  } else {
    document.addEventListener("DOMContentLoaded", today);
  }
})();

/* "Copy embed code": the button is hidden without JavaScript (the code stays selectable in
 * its text box); with it, a click copies the code and says so. */
(function () {
  "use strict";

  function show() {
    document.querySelectorAll(".mtm-figure__copy[hidden]").forEach(function (b) {
      b.hidden = false;
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".mtm-figure__copy");
    if (!button) return;
    var box = document.getElementById(button.dataset.copy);
    if (!box) return;
    box.select();
    var done = function () { button.textContent = window.mtmText("copied", "Copied"); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(box.value).then(done, function () {
        document.execCommand("copy"); done();
      });
    } else {
      document.execCommand("copy"); done();
    }
  });
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(show);
  } else {
    document.addEventListener("DOMContentLoaded", show);
  }
})();
