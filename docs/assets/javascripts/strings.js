/* The words of the site's scripts, in the page's language: overrides/main.html writes them
 * from the catalogs (generator/config.py, script_strings) into #mtm-strings. Loaded first
 * (mkdocs.yml); the other scripts call window.mtmText(key, English, fields), which falls
 * back to the English given when the page has no such string. */
(function () {
  "use strict";

  var cache = null;
  function all() {
    if (cache === null) {
      try {
        var el = document.getElementById("mtm-strings");
        cache = el ? JSON.parse(el.textContent) : {};
      } catch (e) {
        cache = {};
      }
    }
    return cache;
  }

  window.mtmText = function (key, fallback, fields) {
    var text = typeof all()[key] === "string" ? all()[key] : fallback;
    return text.replace(/%\((\w+)\)s/g, function (m, name) {
      return fields && Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : m;
    });
  };
})();
