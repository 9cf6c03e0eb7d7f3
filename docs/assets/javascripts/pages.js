/* Page-level behaviour: tables that scroll sideways, and printing figure data.
 * See docs/figure-rules.md ("Tables", "Pages, print and weight").
 */
(function () {
  "use strict";

  /* A table wider than its figure scrolls inside a wrapper. A wrapper that scrolls is a
   * keyboard stop with a name (WCAG 2.1.1; axe scrollable-region-focusable); one that
   * fits is not, so readers do not tab through empty stops. */
  function label(table) {
    var caption = table.querySelector("caption");
    var figure = table.closest("figure");
    var title = figure && figure.querySelector(".mtm-figure__title");
    var name = (caption && caption.textContent) || (title && title.textContent) || "";
    return window.mtmText("table_scrolls", "Table: %(name)s (scrolls sideways)", { name: name.trim() });
  }

  function wrap(table) {
    var parent = table.parentElement;
    if (parent && parent.classList.contains("mtm-table__scroll")) return parent;
    var div = document.createElement("div");
    div.className = "mtm-table__scroll";
    parent.insertBefore(div, table);
    div.appendChild(table);
    return div;
  }

  function update(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", label(box.querySelector("table")));
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  /* Dates in text columns ("February 2024", "2023", "2024-04") stay on one line, as
   * numbers do (.num): a date split over two lines reads as two values. */
  var DATE = /^(\d{1,2} )?((Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? )?\d{4}$|^\d{4}-\d{2}(-\d{2})?$/;

  function dates(table) {
    table.querySelectorAll("td:not(.num)").forEach(function (td) {
      if (DATE.test(td.textContent.trim())) td.classList.add("mtm-nowrap");
    });
  }

  function tables() {
    var all = document.querySelectorAll("table.mtm-data");
    all.forEach(dates);
    var boxes = Array.prototype.map.call(all, wrap);
    boxes.forEach(update);
    // A closed <details> has no width yet: measure again when it opens.
    boxes.forEach(function (box) {
      var details = box.closest("details");
      if (details && !details.dataset.mtmWatched) {
        details.dataset.mtmWatched = "1";
        details.addEventListener("toggle", function () { update(box); });
      }
    });
    return boxes;
  }

  var boxes = [];
  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = window.requestAnimationFrame(function () {
      pending = null;
      boxes.forEach(update);
    });
  });

  /* Print every figure's data table: open the closed ones, and close them again after. */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    // A lazy image not yet scrolled to would print empty.
    document.querySelectorAll(".mtm-figure img[loading=lazy]").forEach(function (img) {
      img.loading = "eager";
    });
    document.querySelectorAll("details.mtm-figure__data:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  function init() { boxes = tables(); }
  if (typeof document$ !== "undefined") {
    document$.subscribe(init);  // Material's instant navigation: once per page
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
