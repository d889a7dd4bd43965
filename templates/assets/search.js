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
  function rememberSearch(term, filters) {
    var query = new URLSearchParams();
    term = term.trim();
    if (term) query.set("q", term);
    if (sortOrder() === SORT_NEWEST) query.set("sortering", SORT_NEWEST);
    addFilters(query, filters);
    var search = query.toString();
    var address = window.location.pathname + (search ? "?" + search : "");
    if (address !== window.location.pathname + window.location.search) {
      window.history.replaceState(null, "", address);
    }
  }

  // --- feeds helper (issue 10): the visible label, and the chosen filters kept in the address ---------

  var FIELD_ID = "soegefelt"; // the visible <label for> on the search page names this field
  var FILTER_PARAM = "filter"; // ?filter=Udvalg:Direktionen&filter=År:2023

  // Give the shown interface's search field the id the visible label points at (and no other field).
  function labelSearchField() {
    var shown = page.querySelector(".search-interface .pagefind-ui__search-input");
    if (!shown || shown.id === FIELD_ID) return;
    var previous = document.getElementById(FIELD_ID);
    if (previous) previous.removeAttribute("id");
    shown.id = FIELD_ID;
  }

  function addFilters(query, chosen) {
    var filters = chosen || selectedFilters();
    Object.keys(filters).sort().forEach(function (name) {
      filters[name].slice().sort().forEach(function (value) { query.append(FILTER_PARAM, name + ":" + value); });
    });
  }

  function filtersFromAddress() {
    var filters = null;
    params.getAll(FILTER_PARAM).forEach(function (pair) {
      var split = pair.indexOf(":");
      if (split < 1) return;
      filters = filters || {};
      var name = pair.slice(0, split);
      (filters[name] = filters[name] || []).push(pair.slice(split + 1));
    });
    return filters;
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
        // The shards of the index, merged into one by this module (assets/pagefind/pagefind.js).
        bundlePath: new URL("assets/pagefind/", root).pathname,
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
    labelSearchField();
  }

  if (params.get("sortering") === SORT_NEWEST) {
    sortChoice.querySelector('input[value="' + SORT_NEWEST + '"]').checked = true;
  }
  fallback.hidden = true;
  page.hidden = false;
  show(sortOrder(), params.get("q") || "", filtersFromAddress());

  page.addEventListener("input", function (event) {
    if (event.target.classList.contains("pagefind-ui__search-input")) rememberSearch(event.target.value);
  });
  sortChoice.addEventListener("change", function (event) {
    var term = currentTerm();
    var filters = selectedFilters();
    show(sortOrder(), term, filters);
    event.target.focus(); // the choice was moved with the interface; keep the keyboard where it was
    rememberSearch(term, filters);
  });
  page.addEventListener("change", function (event) {
    if (event.target.classList.contains("pagefind-ui__filter-checkbox")) rememberSearch(currentTerm());
  });
  new MutationObserver(function () {
    announce();
    labelSearchField();
  }).observe(page, { childList: true, subtree: true, characterData: true });
})();
