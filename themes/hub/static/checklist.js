/* LTC Resource Hub: keeps the ticks of a printable checklist between visits.
   Progressive enhancement only: without this script the Markdown task list shows disabled
   boxes that print empty, and the page reads the same. With it, each box becomes a labelled,
   working checkbox whose state is kept in localStorage under one key per page. Nothing is
   sent anywhere. */
(function () {
  "use strict";
  /* The words come from the page (the theme's catalogue, in the page's language), through the
     script element's data- attributes; English when a page gives none. */
  var words = (document.currentScript && document.currentScript.dataset) || {};
  function word(name, english) { return words[name] || english; }
  var content = document.querySelector("main .content");
  if (!content) return;
  var boxes = content.querySelectorAll('li > input[type="checkbox"]');
  if (!boxes.length) return;

  /* One key per page, and so per language: a translation has its own address (/es/…). */
  var storageKey = "ltc-hub:checklist:" + location.pathname;
  var store = null;
  try {
    store = window.localStorage;
    store.getItem(storageKey);
  } catch (e) {
    store = null; /* storage blocked: the boxes still work for this visit */
  }
  var saved = {};
  if (store) {
    try { saved = JSON.parse(store.getItem(storageKey) || "{}") || {}; } catch (e) { saved = {}; }
  }

  /* The text of an item without its nested list, to name the box and key its state. */
  function ownText(li) {
    var text = "";
    for (var n = li.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1 && (n.tagName === "UL" || n.tagName === "OL")) break;
      text += n.textContent;
    }
    return text.replace(/\s+/g, " ").trim();
  }

  var seen = {};
  var items = [];
  Array.prototype.forEach.call(boxes, function (box, i) {
    var li = box.parentNode;
    var text = ownText(li);
    /* Key by text (so edits elsewhere on the page do not shift ticks), made unique by count. */
    var count = (seen[text] = (seen[text] || 0) + 1);
    var key = text.slice(0, 120) + "#" + count;
    var id = "check-" + (i + 1);

    /* Wrap the item's own content (up to a nested list) in a label for the box. */
    var label = document.createElement("label");
    label.setAttribute("for", id);
    var node = box.nextSibling;
    while (node && !(node.nodeType === 1 && (node.tagName === "UL" || node.tagName === "OL"))) {
      var next = node.nextSibling;
      label.appendChild(node);
      node = next;
    }
    li.insertBefore(label, node);
    li.classList.add("task");

    box.disabled = false;
    box.removeAttribute("disabled");
    box.id = id;
    box.checked = saved[key] === true;
    box.addEventListener("change", function () {
      if (box.checked) { saved[key] = true; } else { delete saved[key]; }
      save();
      updateStatus();
    });
    items.push(box);
  });

  function save() {
    if (!store) return;
    try {
      if (Object.keys(saved).length) { store.setItem(storageKey, JSON.stringify(saved)); }
      else { store.removeItem(storageKey); }
    } catch (e) { /* full or blocked: keep working without saving */ }
  }

  /* A small toolbar before the list: progress (announced politely), print, and clear. */
  var bar = document.createElement("div");
  bar.className = "checklist-tools";
  var status = document.createElement("p");
  status.className = "checklist-status";
  status.setAttribute("role", "status");
  var printBtn = document.createElement("button");
  printBtn.type = "button";
  printBtn.textContent = word("print", "Print this checklist");
  printBtn.addEventListener("click", function () { window.print(); });
  var clearBtn = document.createElement("button");
  clearBtn.type = "button";
  clearBtn.textContent = word("clear", "Clear all ticks");
  clearBtn.addEventListener("click", function () {
    if (!window.confirm(word("confirm", "Clear every tick on this checklist?"))) return;
    items.forEach(function (b) { b.checked = false; });
    saved = {};
    save();
    updateStatus();
  });
  bar.appendChild(status);
  bar.appendChild(printBtn);
  bar.appendChild(clearBtn);

  function updateStatus() {
    var done = items.filter(function (b) { return b.checked; }).length;
    status.textContent = word("progress", "{done} of {total} steps ticked")
      .replace("{done}", done).replace("{total}", items.length) +
      (store ? word("saved", ". Your ticks are saved in this browser.")
        : word("notSaved", ". Your browser does not allow saving, so ticks last only for this visit."));
  }

  var firstList = items[0].closest("ul, ol");
  var anchor = firstList;
  /* Put the toolbar before the first heading that precedes the first list, if any. */
  var prev = firstList.previousElementSibling;
  if (prev && /^H[2-6]$/.test(prev.tagName)) anchor = prev;
  anchor.parentNode.insertBefore(bar, anchor);
  updateStatus();
})();
