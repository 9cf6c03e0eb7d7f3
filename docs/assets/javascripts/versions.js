/* Version switching that keeps the section: see docs/figure-rules.md ("Pages, print and
 * weight").
 *
 * Material's own selector fetches the target round's sitemap.xml and, when the page is
 * not there, lands on the target's home without a word. Instead, a click on a round in
 * Material's selector (kept as it is, keyboard included) reads the country's
 * sections.json (every round's section ids: the page's path below the round; written by
 * generator/layout.py beside versions.json) and goes to the same section in that round,
 * or to that round's home with `?mtm-missing=<section id>`, which this script turns into
 * a notice there. The notice shows only titles found in sections.json, never text from
 * the address. If sections.json cannot be read, the link is followed as it is.
 */
(function () {
  "use strict";

  var PARAM = "mtm-missing";

  /* The round's own base URL (Material's __md_scope: the site root of this round). */
  function roundBase() {
    /* global __md_scope */
    return typeof __md_scope !== "undefined" ? new URL(__md_scope.href) : null;
  }

  function roundId(url) {
    return url.pathname.replace(/\/$/, "").split("/").pop();
  }

  var cache = null;
  function sections(base) {
    if (!cache) {
      cache = fetch(new URL("../sections.json", base).href, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
      cache.catch(function () { cache = null; });
    }
    return cache;
  }

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  /* Capture phase on window: runs before Material's click handler on document.body. */
  window.addEventListener("click", function (ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey ||
        ev.altKey || !(ev.target instanceof Element)) return;
    var link = ev.target.closest(".md-version a[href]");
    var base = roundBase();
    if (!link || !base || location.href.indexOf(base.href) !== 0) return;
    var target = new URL(link.href, location.href);
    var here = decodeURIComponent(location.pathname.slice(base.pathname.length))
      .replace(/index\.html$/, "");
    ev.preventDefault();
    ev.stopPropagation();
    sections(base).then(function (rounds) {
      var id = roundId(target);
      var url = new URL(target.href);
      if (!has(rounds, id)) {
        // Not a round we know: its home.
      } else if (has(rounds[id].sections, here)) {
        url = new URL(here, target.href);
        url.hash = location.hash;
      } else {
        url.search = "?" + PARAM + "=" + encodeURIComponent(here);
      }
      location.assign(url.href);
    }, function () {
      location.assign(target.href);
    });
  }, true);

  /* On the target's home: say which section this round does not have. */
  function notice() {
    var missing = new URLSearchParams(location.search).get(PARAM);
    var base = roundBase();
    if (missing === null || !base || document.querySelector(".mtm-missing")) return;
    sections(base).then(function (rounds) {
      var title = null;
      Object.keys(rounds).forEach(function (id) {
        if (title === null && has(rounds[id].sections, missing)) {
          title = rounds[id].sections[missing];
        }
      });
      var current = rounds[roundId(base)];
      var article = document.querySelector("article.md-content__inner");
      if (title === null || !current || !article || document.querySelector(".mtm-missing")) {
        return;
      }
      var p = document.createElement("p");
      p.className = "mtm-missing";
      p.setAttribute("role", "status");
      p.textContent = window.mtmText("missing_section", "The section \u201c%(section)s\u201d is not in " +
        "this round (%(round)s). This is the round\u2019s home page.",
        { section: title, round: current.title });
      article.insertBefore(p, article.firstChild);
    }, function () {});
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(notice);  // Material's instant navigation: once per page
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", notice);
  } else {
    notice();
  }
})();
