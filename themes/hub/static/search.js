/* LTC Resource Hub: starts Pagefind's search UI on the search page.
   The index lives in `pagefind/` under the site's base path (given by the page in
   data-bundle-path, so the hub also works under a sub-path such as /ltc/). Searching runs in
   the browser: nothing typed is sent anywhere. This script also
   - gives the search field a visible label (the page's <label for="search-input">),
   - copies Pagefind's result count into a polite live region, so screen readers hear it,
   - runs the search in the address, e.g. search/?q=Spokane, and keeps the address in step. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof window.PagefindUI !== "function") return;

  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: root.getAttribute("data-bundle-path") || "/pagefind/",
    /* ltc-hub indexes each page under its full URL path, base path included (/ltc/…), so
       results must not get the base path a second time: Pagefind would otherwise prefix the
       folder above the bundle. */
    baseUrl: "/",
    showSubResults: true,
    showImages: false,
    translations: {
      placeholder: "Search the hub",
      search_label: "Hub search"
    }
  });

  /* Name the field with the page's visible label. */
  var input = root.querySelector("input");
  var label = document.querySelector("label[for='search-input']");
  if (input) {
    input.id = "search-input";
    input.setAttribute("autocomplete", "off");
    if (label) label.hidden = false;
  }

  /* Announce the result count ("3 results for Spokane") once Pagefind shows it. */
  var status = document.getElementById("search-status");
  var last = "";
  if (status && "MutationObserver" in window) {
    var timer = null;
    new MutationObserver(function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var msg = root.querySelector(".pagefind-ui__message");
        var text = msg ? msg.textContent.replace(/\s+/g, " ").trim() : "";
        if (text && text !== last && !/\.\.\.$/.test(text)) {
          last = text;
          status.textContent = text;
        }
      }, 400);
    }).observe(root, { childList: true, subtree: true, characterData: true });
  }

  /* ?q=… in the address runs that search; typing updates the address without a reload. */
  var params = new URLSearchParams(window.location.search);
  var q = params.get("q");
  if (q && ui.triggerSearch) ui.triggerSearch(q);
  if (input && window.history && window.history.replaceState) {
    input.addEventListener("input", function () {
      var url = new URL(window.location.href);
      if (input.value.trim()) { url.searchParams.set("q", input.value.trim()); }
      else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url.toString());
    });
  }
})();
