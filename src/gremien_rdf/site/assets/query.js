// gremien-rdf: the query pages. Copy buttons for the SPARQL, and running the query (or the
// reader's edit of it) in the browser with Oxigraph's WebAssembly build, which is loaded
// only when the reader presses "run". Without JavaScript the page shows the result made at
// build time. Classic scripts only: the page works from file:// too.
(function () {
  "use strict";
  var script = document.currentScript;
  var configElement = document.getElementById("query-config");
  if (!configElement) { return; }
  var config = JSON.parse(configElement.textContent);
  var words = config.words;
  // the site's root, from this script's own address (…/assets/query.js)
  var root = script.src.slice(0, script.src.length - "assets/query.js".length);
  var PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel";
  var VARIABLE = /\$([A-Za-z_]\w*)/g;

  // -- copy buttons --------------------------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll("button.query-copy"), function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var said = document.createElement("span");
    said.setAttribute("role", "status");
    said.className = "query-copied";
    button.parentNode.insertBefore(said, button.nextSibling);
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent;
      function fallback() {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        var done = false;
        try { done = document.execCommand("copy"); } catch (error) { done = false; }
        said.textContent = done ? words.copy_done : words.copy_failed;
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
          said.textContent = words.copy_done;
        }, fallback);
      } else {
        fallback();
      }
    });
  });

  // -- running in the browser ----------------------------------------------------------
  var form = document.getElementById("query-run");
  if (!form) { return; }
  var stored = document.getElementById("sparql-stored").textContent;
  var status = form.querySelector(".query-status");
  var output = form.querySelector(".query-output");
  var table = document.getElementById("browser-result");
  var download = form.querySelector(".query-download");
  var engine = null;  // a promise of {store, labels}
  form.hidden = false;

  function load(path) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement("script");
      element.src = root + path;
      element.onload = resolve;
      element.onerror = function () { reject(new Error(path)); };
      document.head.appendChild(element);
    });
  }

  function start() {
    if (engine) { return engine; }
    engine = load(config.engine[0]).then(function () {
      return load(config.engine[1]);
    }).then(function () {
      return load(config.data);
    }).then(function () {
      var text = atob(globalThis.oxigraphWasm);
      var bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i += 1) { bytes[i] = text.charCodeAt(i); }
      return globalThis.oxigraph.init({module_or_path: bytes});
    }).then(function () {
      var store = new globalThis.oxigraph.Store();
      store.load(globalThis.gremienQueryData, {format: "application/n-triples"});
      // preferred labels by IRI and language, the first of each (as query_pages.py)
      var labels = {};
      store.match(null, globalThis.oxigraph.namedNode(PREF_LABEL), null, null)
        .forEach(function (quad) {
          if (quad.object.termType !== "Literal" || quad.subject.termType !== "NamedNode") {
            return;
          }
          var own = labels[quad.subject.value] || (labels[quad.subject.value] = {});
          if (!(quad.object.language in own)) { own[quad.object.language] = quad.object.value; }
        });
      return {store: store, labels: labels};
    });
    engine.catch(function () { engine = null; });
    return engine;
  }

  // a literal as N-Triples writes it (pyoxigraph's str() of a Literal)
  function literal(value) {
    return "\"" + value.replace(/\\/g, "\\\\").replace(/"/g, "\\\"")
      .replace(/\n/g, "\\n").replace(/\r/g, "\\r") + "\"";
  }

  // the query's parameters as `gremien-rdf query run` binds them (queries/run.py)
  function terms() {
    var bound = {};
    Array.prototype.forEach.call(form.querySelectorAll("select, input"), function (field) {
      var kind = field.getAttribute("data-kind");
      var value = field.value;
      if (field.name === "lang") {
        bound.lang = literal(value);
      } else if (kind === "integer") {
        if (!/^-?\d{1,9}$/.test(value)) {
          throw new Error("$" + field.name + " " + words.run_integer + " " + value);
        }
        bound[field.name] = value;
      } else if (field.tagName === "SELECT") {
        bound[field.name] = value;  // the term itself: <IRI>
      } else if (kind === "body") {  // a register too large to list: the body's id
        if (!new RegExp(config.body_id).test(value)) {  // the register's id pattern
          throw new Error("$" + field.name + " " + words.run_body_id + " " + value);
        }
        bound[field.name] = "<" + config.body + value + ">";
      } else {
        bound[field.name] = literal(value);
      }
    });
    return bound;
  }

  function bind(text, bound) {
    return text.replace(VARIABLE, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(bound, name) ? bound[name] : "?" + name;
    });
  }

  // the columns of the table: (header, linked variable, shown variable), as
  // query_pages.display_columns
  function columns(names) {
    var paired = {};
    names.forEach(function (name) {
      if (names.indexOf(name + "Label") >= 0) { paired[name] = name + "Label"; }
    });
    if (names.indexOf("body") >= 0 && names.indexOf("title") >= 0 && !paired.body) {
      paired.body = "title";
    }
    var texts = Object.keys(paired).map(function (key) { return paired[key]; });
    var found = [];
    names.forEach(function (name) {
      if (Object.prototype.hasOwnProperty.call(paired, name)) {
        var text = paired[name];
        found.push([/Label$/.test(text) ? text : name, name, text]);
      } else if (texts.indexOf(name) < 0) {
        found.push([name, name, name]);
      }
    });
    return found;
  }

  function header(name) {
    return Object.prototype.hasOwnProperty.call(config.headers, name) ? config.headers[name] : name;
  }

  // the page of an IRI of the site (a part of a body is on its body's page), as Iris.page
  function page(iri) {
    if (iri.indexOf(config.base) !== 0) { return null; }
    var path = iri.slice(config.base.length);
    if (path.indexOf("gremium/") === 0) { path = path.split("/").slice(0, 2).join("/"); }
    return path || null;
  }

  function label(labels, iri) {
    var own = labels[iri] || {};
    var order = [config.lang, "de", "en", ""];
    for (var i = 0; i < order.length; i += 1) {
      if (order[i] in own) { return own[order[i]]; }
    }
    return null;
  }

  function csvField(text) {
    return /[",\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }

  function show(state, names, solutions, csv) {
    var cols = columns(names);
    // the header row is made here: an empty row in the page would be invalid HTML
    var head = table.tHead.rows[0] || table.tHead.insertRow();
    var body = table.tBodies[0];
    head.textContent = "";
    body.textContent = "";
    cols.forEach(function (column) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = header(column[0]);
      head.appendChild(th);
    });
    solutions.forEach(function (solution) {
      var tr = document.createElement("tr");
      cols.forEach(function (column) {
        var td = document.createElement("td");
        var shown = solution.get(column[2]);
        var target = column[1] ? solution.get(column[1]) : undefined;
        var path = target && target.termType === "NamedNode" ? page(target.value) : null;
        var text = "";
        if (shown && shown.termType === "NamedNode") {
          var own = shown.value.indexOf(config.base) === 0 ?
            shown.value.slice(config.base.length) : null;
          text = (path !== null ? label(state.labels, shown.value) : null) || own || shown.value;
        } else if (shown) {
          text = shown.value;
        }
        if (path !== null) {
          var a = document.createElement("a");
          a.href = "../" + path + ".html";
          a.textContent = text;
          td.appendChild(a);
        } else {
          td.textContent = text;
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    // the W3C CSV of the engine, its header line replaced by the readable one, as
    // `gremien-rdf query run --format csv --lang …` writes it
    var end = csv.indexOf("\n");
    var rest = end < 0 ? "" : csv.slice(end + 1);
    var blob = new Blob([names.map(function (name) { return csvField(header(name)); })
      .join(",") + "\r\n" + rest], {type: "text/csv;charset=utf-8"});
    if (download.href) { URL.revokeObjectURL(download.href); }
    download.href = URL.createObjectURL(blob);
    // set with the address: without one, `download` and `type` are invalid on a link
    download.setAttribute("download", download.getAttribute("data-file"));
    download.type = "text/csv";
    output.hidden = false;
    var count = solutions.length;
    status.textContent = words.run_done + " " + count.toLocaleString(config.lang) + " " +
      (count === 1 ? words.row_one : words.rows);
  }

  form.querySelector(".query-reset").addEventListener("click", function () {
    form.elements.query.value = stored;
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text;
    try {
      text = bind(form.elements.query.value, terms());
    } catch (error) {  // a parameter refused: the last result no longer fits the form
      output.hidden = true;
      status.textContent = words.run_failed + " " + error.message;
      return;
    }
    status.textContent = words.run_loading;
    start().then(function (state) {
      status.textContent = words.run_running;
      var csv = state.store.query(text, {results_format: "csv"});
      var solutions = state.store.query(text);
      if (typeof csv !== "string" || !Array.isArray(solutions) ||
          (solutions.length && !(solutions[0] instanceof Map))) {
        throw new Error("SELECT");
      }
      var names = csv.slice(0, csv.indexOf("\r\n") < 0 ? csv.length : csv.indexOf("\r\n"))
        .split(",").filter(function (name) { return name !== ""; });
      show(state, names, solutions, csv);
    }).catch(function (error) {
      output.hidden = true;
      status.textContent = words.run_failed + " " + (error && error.message ? error.message : String(error));
    });
  });
}());
