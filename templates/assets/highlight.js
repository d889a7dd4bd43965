// On a meeting page opened from a search result (?fremhaev=word), mark the words searched for, using
// Pagefind's highlight script. Pages opened any other way load nothing more.
(function () {
  "use strict";

  var HIGHLIGHT_PARAM = "fremhaev"; // set by assets/search.js
  var script = document.currentScript;
  if (!script || !new URLSearchParams(window.location.search).has(HIGHLIGHT_PARAM)) return;
  var bundle = new URL("../pagefind/pagefind-highlight.js", script.src);
  import(bundle.href).then(function (module) {
    // addStyles: false, because Pagefind would add an inline <style>; the mark is styled in style.css.
    new module.default({ highlightParam: HIGHLIGHT_PARAM, addStyles: false });
  }).catch(function () { /* highlighting is a convenience: the page works without it */ });
})();
