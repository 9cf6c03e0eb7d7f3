/* Version switching that keeps the section: see docs/figure-rules.md ("Pages, print and
 * weight").
 *
 * Material's own selector fetches the target round's sitemap.xml and, when the page is
 * not there, lands on the target's home without a word. Every page instead carries the
 * rounds of its country and their section ids (the page's path below the round), rendered
 * by overrides/main.html from config.extra.mtm: a click on a round in Material's selector
 * (kept as it is, keyboard included) goes to the same section there, or to that round's
 * home with `?mtm-missing=<section id>`, which this script turns into a notice. The notice
 * shows only titles found in that data, never text from the address itself.
 */
(function () {
  "use strict";

  var PARAM = "mtm-missing";

  function roundsData() {
    var el = document.getElementById("mtm-rounds");
    if (!el) return null;
    try {
      return { current: el.getAttribute("data-current"),
               rounds: JSON.parse(el.getAttribute("data-rounds") || "{}") };
    } catch (e) {
      return null;
    }
  }

  /* The section id of an address in round `id`: its path below /<id>/, or null. */
  function sectionOf(pathname, id) {
    var marker = "/" + id + "/";
    var at = pathname.lastIndexOf(marker);
    if (at < 0) return null;
    return decodeURIComponent(pathname.slice(at + marker.length)).replace(/index\.html$/, "");
  }

  function has(obj, key) {
    return Object.prototype.hasOwnProperty.call(obj, key);
  }

  /* Capture phase on window: runs before Material's click handler on document.body. */
  window.addEventListener("click", function (ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey ||
        ev.altKey || !(ev.target instanceof Element)) return;
    var link = ev.target.closest(".md-version a[href]");
    if (!link) return;
    var data = roundsData();
    if (!data) return;
    var target = new URL(link.href, location.href);
    var id = target.pathname.replace(/\/$/, "").split("/").pop();
    if (!has(data.rounds, id)) return;  // not a round we know: Material handles it
    var here = sectionOf(location.pathname, data.current);
    if (here === null) return;
    var url;
    if (has(data.rounds[id].sections, here)) {
      url = new URL(here, target.href);
      url.hash = location.hash;
    } else {
      url = new URL(target.href);
      url.search = "?" + PARAM + "=" + encodeURIComponent(here);
    }
    ev.preventDefault();
    ev.stopPropagation();
    location.assign(url.href);
  }, true);

  /* On the target's home: say which section this round does not have. */
  function notice() {
    var missing = new URLSearchParams(location.search).get(PARAM);
    var data = roundsData();
    if (missing === null || !data || document.querySelector(".mtm-missing")) return;
    var title = null;
    Object.keys(data.rounds).forEach(function (id) {
      var sections = data.rounds[id].sections;
      if (title === null && has(sections, missing)) title = sections[missing];
    });
    var current = data.rounds[data.current];
    var article = document.querySelector("article.md-content__inner");
    if (title === null || !current || !article) return;
    var p = document.createElement("p");
    p.className = "mtm-missing";
    p.setAttribute("role", "status");
    p.textContent = "The section \u201c" + title + "\u201d is not in this round (" +
      current.title + "). This is the round\u2019s home page.";
    article.insertBefore(p, article.firstChild);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(notice);  // Material's instant navigation: once per page
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", notice);
  } else {
    notice();
  }
})();
