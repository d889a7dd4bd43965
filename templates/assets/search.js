// The search page: Pagefind's interface, with the search words kept in the address (?q=), a choice of
// order, and a status line for screen readers. Loaded after pagefind/pagefind-ui.js; no inline script.
(function () {
  "use strict";

  var HIGHLIGHT_PARAM = "fremhaev"; // read by assets/highlight.js on the meeting pages
  var SORT_NEWEST = "nyeste";
  var page = document.getElementById("soegning");
  var script = document.currentScript;
  if (!page || !script) return;

  // The site root, from this script's own address (assets/search.js): right at / and under a sub-path.
  var root = new URL("../", script.src);
  var fallback = document.getElementById("soegning-uden-js");
  if (typeof window.PagefindUI !== "function") {
    document.getElementById("soegning-besked").hidden = true;
    document.getElementById("soegning-fejl").hidden = false;
    return;
  }

  var strings = JSON.parse(page.getAttribute("data-strings"));
  var sortChoice = page.querySelector(".search-sort");
  var status = document.getElementById("soegning-status");
  var params = new URLSearchParams(window.location.search);

  function currentTerm() {
    var input = page.querySelector(".pagefind-ui__search-input");
    return input ? input.value : "";
  }

  function selectedFilters() {
    var filters = {};
    page.querySelectorAll(".pagefind-ui__filter-checkbox:checked").forEach(function (box) {
      (filters[box.name] = filters[box.name] || []).push(box.value);
    });
    return filters;
  }

  function sortOrder() {
    var checked = sortChoice.querySelector("input:checked");
    return checked ? checked.value : "";
  }

  // Lead each result to the agenda item where most of the words were found, not to the top of the page:
  // its link, title and excerpt are that item's; the other items with hits are listed below it.
  function leadToItem(result) {
    var items = (result.sub_results || []).filter(function (sub) {
      return sub.anchor && sub.anchor.id.indexOf("punkt-") === 0;
    });
    if (!items.length) return result;
    var best = items.reduce(function (a, b) { return b.locations.length > a.locations.length ? b : a; });
    result.url = best.url;
    result.excerpt = best.excerpt;
    result.meta = Object.assign({}, result.meta, { title: result.meta.title + " – " + best.title });
    // Pagefind's interface shows the first sub-result as the result itself when their addresses match.
    result.sub_results = [best].concat(items.filter(function (sub) { return sub !== best; }));
    return result;
  }

  // Keep the words and the order in the address, so that a search can be shared, bookmarked and
  // returned to with the back button. Replacing (not pushing) keeps one history entry per search.
  function rememberSearch(term) {
    var query = new URLSearchParams();
    term = term.trim();
    if (term) query.set("q", term);
    if (sortOrder() === SORT_NEWEST) query.set("sortering", SORT_NEWEST);
    var search = query.toString();
    var address = window.location.pathname + (search ? "?" + search : "");
    if (address !== window.location.pathname + window.location.search) {
      window.history.replaceState(null, "", address);
    }
  }

  function announce() {
    var message = page.querySelector(".pagefind-ui__message");
    var text = message ? message.textContent.trim() : "";
    if (status.textContent !== text) status.textContent = text;
  }

  // One Pagefind interface per order, made when first chosen. Pagefind's sort is fixed when an interface is
  // made, and destroying one stops the search worker that the next one shares, so the interface of the
  // other order is kept aside, out of the page (its filters' ids would otherwise appear twice).
  var interfaces = {};

  function show(order, term, filters) {
    var shown = interfaces[order];
    var current = page.querySelector(".search-interface");
    if (!shown) {
      var element = document.createElement("div");
      element.className = "search-interface";
      if (current) current.replaceWith(element); else page.appendChild(element);
      var options = {
        element: element,
        bundlePath: new URL("pagefind/", root).pathname,
        baseUrl: root.pathname,
        showSubResults: true,
        showImages: false,
        resetStyles: false,
        translations: strings,
        highlightParam: HIGHLIGHT_PARAM,
        processResult: leadToItem,
        autofocus: !term && !current
      };
      if (order === SORT_NEWEST) options.sort = { dato: "desc" };
      shown = interfaces[order] = { element: element, ui: new window.PagefindUI(options) };
    } else if (current !== shown.element) {
      current.replaceWith(shown.element);
    }
    // The order choice belongs between the search field and the results, which Pagefind puts in its form.
    var form = shown.element.querySelector(".pagefind-ui__form");
    if (form) form.insertBefore(sortChoice, form.querySelector(".pagefind-ui__drawer"));
    if (term) shown.ui.triggerSearch(term);
    if (filters) shown.ui.triggerFilters(filters);
  }

  if (params.get("sortering") === SORT_NEWEST) {
    sortChoice.querySelector('input[value="' + SORT_NEWEST + '"]').checked = true;
  }
  fallback.hidden = true;
  page.hidden = false;
  show(sortOrder(), params.get("q") || "", null);

  page.addEventListener("input", function (event) {
    if (event.target.classList.contains("pagefind-ui__search-input")) rememberSearch(event.target.value);
  });
  sortChoice.addEventListener("change", function (event) {
    var term = currentTerm();
    show(sortOrder(), term, selectedFilters());
    event.target.focus(); // the choice was moved with the interface; keep the keyboard where it was
    rememberSearch(term);
  });
  new MutationObserver(announce).observe(page, { childList: true, subtree: true, characterData: true });
})();
