/* LTC Resource Hub: starts Pagefind's search UI on the search page.
   The index lives in `pagefind/` under the site's base path (given by the page in
   data-bundle-path, so the hub also works under a sub-path such as /ltc/). Searching runs in
   the browser: nothing typed is sent anywhere. This script also
   - gives the search field a visible label (the page's <label for="search-input">) and
     focuses it on arrival,
   - shows the filters in use as removable chips above the field, and says so when no page
     matches with them,
   - keeps the words and the filters in the address (search/?q=rural&filter=Format:Case+study),
     so a shared link or the back button brings the same search back,
   - copies Pagefind's result count into a polite live region, so screen readers hear it. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof window.PagefindUI !== "function") return;

  /* The hub's own words, in the page's language, from the theme's catalogue (data- attributes
     of #search); Pagefind's own words follow <html lang>. */
  function word(name, english) { return root.getAttribute("data-" + name) || english; }

  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: root.getAttribute("data-bundle-path") || "/pagefind/",
    /* ltc-hub indexes each page under its full URL path, base path included (/ltc/…), so
       results must not get the base path a second time: Pagefind would otherwise prefix the
       folder above the bundle. */
    baseUrl: "/",
    showSubResults: true,
    showImages: false,
    /* Matches in a title count double, and a case study's library type (its
       data-pagefind-meta="library_type") four times, so "rural" finds the small-library
       case studies before old webinars that only mention the word. */
    ranking: { metaWeights: { title: 2, library_type: 4 } },
    translations: {
      placeholder: word("placeholder", "Search the hub"),
      search_label: word("search-label", "Hub search")
    }
  });

  /* Name the field with the page's visible label, and put the cursor in it. */
  var input = root.querySelector("input");
  var label = document.querySelector("label[for='search-input']");
  if (input) {
    input.id = "search-input";
    input.setAttribute("autocomplete", "off");
    if (label) label.hidden = false;
    input.focus();
  }

  var FILTER = "filter"; /* one `filter=Name:Value` parameter per chosen filter value */
  var chips = document.getElementById("search-chips");
  var chipList = chips && chips.querySelector("ul");
  var chipNote = chips && chips.querySelector(".search-chips-note");
  var clearAll = chips && chips.querySelector(".search-chips-clear");
  var status = document.getElementById("search-status");

  /* The filters chosen in Pagefind's panel, as { "Library type": ["Small and rural libraries"] }. */
  function chosen() {
    var sel = {};
    var boxes = root.querySelectorAll("input.pagefind-ui__filter-checkbox");
    Array.prototype.forEach.call(boxes, function (box) {
      if (!box.checked) return;
      (sel[box.name] = sel[box.name] || []).push(box.value);
    });
    return sel;
  }

  function fromAddress() {
    var sel = {};
    var any = false;
    new URLSearchParams(window.location.search).getAll(FILTER).forEach(function (pair) {
      var i = pair.indexOf(":");
      if (i < 1) return;
      var name = pair.slice(0, i);
      (sel[name] = sel[name] || []).push(pair.slice(i + 1));
      any = true;
    });
    return any ? sel : null;
  }

  function pairs(sel) {
    var out = [];
    Object.keys(sel).forEach(function (name) {
      sel[name].forEach(function (value) { out.push([name, value]); });
    });
    return out;
  }

  function box(name, value) {
    var boxes = root.querySelectorAll("input.pagefind-ui__filter-checkbox");
    for (var i = 0; i < boxes.length; i += 1) {
      if (boxes[i].name === name && boxes[i].value === value) return boxes[i];
    }
    return null;
  }

  function remove(name, value) {
    var b = box(name, value);
    if (b && b.checked) {
      b.click();
    } else {
      var sel = chosen();
      sel[name] = (sel[name] || []).filter(function (v) { return v !== value; });
      ui.triggerFilters(sel);
    }
    if (input) input.focus();
  }

  /* Keep the address in step with the field and the filters (no reload, no new history
     entry: Back leaves the search page and returns to it as it was). */
  function saveAddress(list) {
    if (!window.history || !window.history.replaceState) return;
    var url = new URL(window.location.href);
    var q = input ? input.value.trim() : "";
    if (q) { url.searchParams.set("q", q); } else { url.searchParams.delete("q"); }
    url.searchParams.delete(FILTER);
    list.forEach(function (p) { url.searchParams.append(FILTER, p[0] + ":" + p[1]); });
    if (url.toString() !== window.location.href) window.history.replaceState(null, "", url.toString());
  }

  var shown = "";
  function renderChips(list) {
    if (!chips) return;
    var key = JSON.stringify(list);
    if (key === shown) return;
    shown = key;
    chipList.textContent = "";
    list.forEach(function (p) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "search-chip";
      b.setAttribute("aria-label", word("remove-filter", "Remove the filter") + " " + p[0] + ": " + p[1]);
      var text = document.createElement("span");
      text.textContent = p[0] + ": " + p[1];
      var x = document.createElement("span");
      x.setAttribute("aria-hidden", "true");
      x.className = "search-chip-x";
      x.textContent = "\u00d7";
      b.appendChild(text);
      b.appendChild(x);
      b.addEventListener("click", function () { remove(p[0], p[1]); });
      li.appendChild(b);
      chipList.appendChild(li);
    });
    chips.hidden = list.length === 0;
  }

  function message() {
    var msg = root.querySelector(".pagefind-ui__message");
    return msg ? msg.textContent.replace(/\s+/g, " ").trim() : "";
  }

  /* Chips, address, and the status line (with the filters named when nothing matches). */
  var last = "";
  var pending = null; /* filters from the address, until Pagefind's panel shows them */
  function update() {
    var ready = !!root.querySelector("input.pagefind-ui__filter-checkbox");
    if (ready) pending = null;
    var list = ready ? pairs(chosen()) : pending ? pairs(pending) : [];
    renderChips(list);
    saveAddress(list);
    var text = message();
    var none = text.toLowerCase().indexOf(word("no-results", "No results").toLowerCase()) === 0;
    if (chipNote) chipNote.hidden = !(none && list.length);
    if (status && text && !/\.\.\.$/.test(text)) {
      var said = text;
      if (none && list.length) {
        said += " " + word("with-filters", "with the filters") + " " +
          list.map(function (p) { return p[0] + ": " + p[1]; }).join("; ") +
          ". " + word("widen", "Remove a filter to search more widely.");
      }
      if (said !== last) {
        last = said;
        status.textContent = said;
      }
    }
  }

  if (clearAll) {
    clearAll.addEventListener("click", function () {
      ui.triggerFilters({});
      pairs(chosen()).forEach(function (p) { var b = box(p[0], p[1]); if (b) b.click(); });
      if (input) input.focus();
    });
  }

  var timer = null;
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  }
  if ("MutationObserver" in window) {
    new MutationObserver(soon).observe(root, { childList: true, subtree: true, characterData: true });
  }
  root.addEventListener("change", soon);
  if (input) input.addEventListener("input", soon);

  /* The address runs its search: ?q=… and any filter=Name:Value. */
  var params = new URLSearchParams(window.location.search);
  var q = params.get("q");
  var sel = fromAddress();
  pending = sel;
  if (sel && ui.triggerFilters) ui.triggerFilters(sel);
  if (q && ui.triggerSearch) ui.triggerSearch(q);
})();
