/* Preview only (`make serve`): reload the page when the preview server has rebuilt the site,
 * and show why it was not rebuilt when the input has a problem. `make site` never links this
 * file: generator/preview.py adds it to each round's extra_javascript.
 *
 * The server answers GET /__preview__/version with
 *   {"build": "<session>-<n>", "rounds": {"<country>/<round-id>": "<session>-<n>", ...},
 *    "editions": {"<edition folder>": "<session>-<n>", ...}, "error": text|null}
 * A page reloads when its own edition (the longest edition folder its URL starts with, e.g.
 * kaz/ru/2024-04-bma-round-4) is swapped in again; a page of no edition (the landing page, a
 * redirect) when its round (the first two folders of its URL), or else anything, is.
 * Material's instant navigation keeps scripts loaded across pages, so one poll loop runs per
 * tab. A 404 means the page is not served by the preview server: polling stops. */
(function () {
  "use strict";

  if (window.mtmLiveReload) return;
  var state = (window.mtmLiveReload = { build: null, error: null, polls: 0 });
  var ENDPOINT = "/__preview__/version";
  var INTERVAL = 300; // ms
  var RETRY = 2000; // ms, while the server is down (restarting)
  var banner = null;

  function token(status) {
    var path = location.pathname, best = null;
    Object.keys(status.editions || {}).forEach(function (edition) {
      if (path.indexOf("/" + edition + "/") === 0 && (!best || edition.length > best.length))
        best = edition;
    });
    if (best) return status.editions[best];
    var round = path.split("/").slice(1, 3).join("/");
    return (status.rounds && status.rounds[round]) || status.build;
  }

  function showError(text) {
    if (text === state.error) return;
    state.error = text;
    if (!text) {
      if (banner) banner.remove();
      banner = null;
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "mtm-preview-error";
      banner.setAttribute("role", "alert");
      banner.style.cssText =
        "position:fixed;left:0;right:0;bottom:0;z-index:1000;max-height:40vh;overflow:auto;" +
        "margin:0;padding:.8em 1.2em;background:#fff3f3;color:#6b0000;" +
        "border-top:3px solid #b00020;font:13px/1.45 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(banner);
    }
    banner.textContent =
      "Preview not updated: this page shows the last version that built.\n" +
      "Fix the problem below and save again.\n\n" + text;
  }

  function poll() {
    fetch(ENDPOINT, { cache: "no-store" })
      .then(function (res) {
        if (res.status === 404) return null; // not the preview server: stop
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.json();
      })
      .then(function (status) {
        if (status === null) return;
        state.polls += 1;
        if (state.build === null) {
          state.build = token(status);
        } else if (token(status) !== state.build) {
          location.reload();
          return;
        }
        showError(status.error);
        setTimeout(poll, INTERVAL);
      })
      .catch(function () {
        setTimeout(poll, RETRY);
      });
  }

  poll();
})();
