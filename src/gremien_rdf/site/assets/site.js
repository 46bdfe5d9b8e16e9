// gremien-rdf: filter and sort the table of bodies. Without JavaScript the full table shows.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("filters");
  var table = document.getElementById("body-table");
  if (!form || !table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var output = document.getElementById("shown");
  var shownWord = script.getAttribute("data-shown");
  var sortWord = script.getAttribute("data-sort");
  form.hidden = false;

  function apply() {
    var wanted = {};
    ["land", "level", "focus", "actor", "frequency"].forEach(function (key) {
      wanted[key] = form.elements[key].value;
    });
    var query = form.elements.q.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = Object.keys(wanted).every(function (key) {
        return !wanted[key] || (row.getAttribute("data-" + key) || "").split(" ").indexOf(wanted[key]) >= 0;
      });
      if (ok && query) { ok = row.cells[1].textContent.toLowerCase().indexOf(query) >= 0; }
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    output.textContent = shown + " / " + rows.length + " " + shownWord;
  }

  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, index) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = cell.textContent;
    button.setAttribute("title", sortWord);
    cell.textContent = "";
    cell.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = cell.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
        other.removeAttribute("aria-sort");
      });
      cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[index].textContent.trim(), y = b.cells[index].textContent.trim();
        return (ascending ? 1 : -1) * x.localeCompare(y, document.documentElement.lang);
      });
      rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
    });
  });
  apply();
}());
