// gremien-rdf: search, filter and sort the table of bodies on the index page. The view is
// kept in the page's address (index.html?q=zoll&land=DE-HE&sort=-title), so that it can be
// shared and opens as it was left; each choice is a step in the history that the back
// button undoes (a typed search is one step, however many keys it took). The search
// entries come from assets/search-<lang>.js (site/search.py: how they are normalised).
// Without JavaScript the full table shows.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("filters");
  var table = document.getElementById("body-table");
  if (!form || !table) { return; }
  var FILTERS = ["land", "level", "focus", "actor", "frequency"];
  var WORD = /[\p{L}\p{N}]+/gu;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var query = form.elements.q;
  var output = document.getElementById("shown");
  var shownWord = script.getAttribute("data-shown");
  var sortWord = script.getAttribute("data-sort");
  var data = window.gremienSearch || { kinds: {}, bodies: [] };
  var lang = document.documentElement.lang;
  var sort = "";      // the column sorted by, "-" before it when descending; "" as built
  var typing = false; // the last change was a key in the search field
  var terms = new Map(), keys = new Map();

  // the normalised words of a text, as site/search.py writes them (but not spelt out:
  // "muenchen" is a word of the entry of München as well as "munchen"): per token of the
  // text, its runs of letters and digits
  function tokens(text) {
    return text.toLowerCase().replace(/ß/g, "ss").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").split(/\s+/)
      .map(function (token) { return token.match(WORD) || []; })
      .filter(function (parts) { return parts.length > 0; });
  }

  data.bodies.forEach(function (entry) { terms.set(entry.id, entry.terms); });
  rows.forEach(function (row) {
    keys.set(row, Array.prototype.map.call(row.cells, function (cell) {
      return cell.textContent.trim();
    }));
    if (!terms.has(row.getAttribute("data-id"))) {  // no entry: its title alone
      var title = row.cells[1].textContent;
      terms.set(row.getAttribute("data-id"), [["title", title, tokens(title).map(
        function (parts) { return " " + parts.join(""); }).join("")]]);
    }
  });

  // the terms of an entry with a word that begins with `word`, by index
  function found(entry, word) {
    var result = [];
    entry.forEach(function (term, index) {
      if (term[2].indexOf(" " + word) >= 0) { result.push(index); }
    });
    return result;
  }

  // null if a query token is missing from the entry; else, per token, the terms that hold
  // it (a token with punctuation, like "Baden-Württ" or "Prostitution/Sexarbeit", as one
  // word, or else as its parts in one text)
  function match(entry, query) {
    var why = [];
    for (var i = 0; i < query.length; i++) {
      var parts = query[i], hits = found(entry, parts.join(""));
      if (!hits.length && parts.length > 1) {  // its parts, in one text
        entry.forEach(function (term, index) {
          if (parts.every(function (part) { return term[2].indexOf(" " + part) >= 0; })) {
            hits.push(index);
          }
        });
      }
      if (!hits.length) { return null; }
      why.push(hits);
    }
    return why;
  }

  // below the title, why a row matched where the title alone does not say it
  function explain(row, entry, why) {
    var old = row.cells[1].querySelector(".why");
    if (old) { old.remove(); }
    if (!why) { return; }
    var shown = [];
    why.forEach(function (hits) {
      if (hits.indexOf(0) < 0 && shown.indexOf(hits[0]) < 0) { shown.push(hits[0]); }
    });
    if (!shown.length) { return; }
    var note = document.createElement("span");
    note.className = "why";
    note.lang = lang;
    shown.forEach(function (index, n) {
      var term = entry[index], text = document.createElement("span");
      note.appendChild(document.createTextNode((n ? "; " : "") + data.kinds[term[0]] + ": "));
      if (term[0] === "former" || term[0] === "place") { text.lang = "de"; }
      text.textContent = term[1];
      note.appendChild(text);
    });
    row.cells[1].appendChild(note);
  }

  var foot = table.createTFoot();
  var none = foot.insertRow().insertCell();
  none.colSpan = heads.length;
  none.className = "no-match";
  none.textContent = script.getAttribute("data-none");

  function apply() {
    var wanted = {};
    FILTERS.forEach(function (key) { wanted[key] = form.elements[key].value; });
    var words = tokens(query.value);
    var shown = 0;
    rows.forEach(function (row) {
      var ok = FILTERS.every(function (key) {
        return !wanted[key] || (row.getAttribute("data-" + key) || "").split(" ")
          .indexOf(wanted[key]) >= 0;
      });
      var entry = terms.get(row.getAttribute("data-id"));
      var why = ok && words.length ? match(entry, words) : null;
      if (words.length) { ok = ok && why !== null; }
      row.hidden = !ok;
      explain(row, entry, ok ? why : null);
      if (ok) { shown += 1; }
    });
    output.textContent = shown + " / " + rows.length + " " + shownWord;
    foot.hidden = shown > 0;
  }

  function sortBy(value) {
    var key = value.replace(/^-/, ""), index = -1;
    heads.forEach(function (cell, i) {
      cell.removeAttribute("aria-sort");
      if (key && cell.getAttribute("data-sort") === key) { index = i; }
    });
    var order = rows.slice();  // as built: by Land, then title
    sort = index < 0 ? "" : value;
    if (index >= 0) {
      var ascending = value.charAt(0) !== "-";
      heads[index].setAttribute("aria-sort", ascending ? "ascending" : "descending");
      order.sort(function (a, b) {
        return (ascending ? 1 : -1) * keys.get(a)[index].localeCompare(keys.get(b)[index], lang);
      });
    }
    order.forEach(function (row) { body.appendChild(row); });
  }

  // the address of the current view: this page with its search, filters and sort
  function address() {
    var params = new URLSearchParams();
    if (query.value.trim()) { params.set("q", query.value.trim()); }
    FILTERS.forEach(function (key) {
      if (form.elements[key].value) { params.set(key, form.elements[key].value); }
    });
    if (sort) { params.set("sort", sort); }
    var text = params.toString();
    return location.href.split(/[?#]/)[0] + (text ? "?" + text : "") + location.hash;
  }

  function remember(step) {
    var target = address();
    if (target === location.href) { return; }
    try {
      if (step) { history.pushState(null, "", target); } else { history.replaceState(null, "", target); }
    } catch (refused) {
      // a browser that keeps file:// addresses as they are: the view works, unshared
    }
  }

  // the view that the address asks for; a value that no option has counts as "all"
  function restore() {
    var params = new URLSearchParams(location.search);
    query.value = params.get("q") || "";
    FILTERS.forEach(function (key) {
      var select = form.elements[key], wanted = params.get(key) || "";
      select.value = wanted;
      if (select.value !== wanted) { select.value = ""; }
    });
    sortBy(params.get("sort") || "");
    apply();
  }

  heads.forEach(function (cell) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = cell.textContent;
    button.setAttribute("title", sortWord);
    cell.textContent = "";
    cell.appendChild(button);
    button.addEventListener("click", function () {
      var key = cell.getAttribute("data-sort");
      sortBy(sort === key ? "-" + key : key);
      typing = false;
      remember(true);
    });
  });

  form.addEventListener("input", function (event) {
    var fromQuery = event.target === query;
    apply();
    remember(!(fromQuery && typing));
    typing = fromQuery;
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("filter-reset").addEventListener("click", function () {
    query.value = "";
    FILTERS.forEach(function (key) { form.elements[key].value = ""; });
    typing = false;
    apply();
    remember(true);
  });
  window.addEventListener("popstate", function () {
    typing = false;
    restore();
  });

  var skip = document.getElementById("skip-filters");
  if (skip) {
    skip.hidden = false;
    skip.addEventListener("click", function (event) {
      event.preventDefault();
      form.scrollIntoView();
      query.focus({ preventScroll: true });
    });
  }
  form.hidden = false;
  restore();
  remember(false);  // an unknown value in the address, dropped
}());
