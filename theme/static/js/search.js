// Site search with Pagefind's own index (segmented Chinese, one index per script: the page's lang
// picks it). The form still works without JavaScript: it leads here, where <noscript> offers the archive.
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  var results = document.querySelector("[data-search-results]");
  if (!form || !results) return;
  var input = form.querySelector("input[name=q]");
  var list = results.querySelector("[data-search-list]");
  var pagefind = null;

  function show(name) {
    var messages = results.querySelectorAll("[data-search-message]");
    for (var i = 0; i < messages.length; i++) messages[i].hidden = messages[i].getAttribute("data-search-message") !== name;
  }

  // The index comes in shards (a year or, in a busy year, a quarter of posts each; see plugins/village/output/search.py): load the
  // first and merge the others into it. The county portal lists every village's shards instead (data-bundles, county/portal.py).
  function bundles() {
    var listed = results.getAttribute("data-bundles");
    var bundle = results.getAttribute("data-bundle");
    return fetch(listed || bundle + "shards.json").then(function (response) {
      if (!response.ok) throw new Error("no search index");
      return response.json();
    }).then(function (list) {
      var found = listed ? list.bundles : list.shards.map(function (name) { return bundle + name + "/"; });
      if (!found.length) throw new Error("no search index");
      return found;
    });
  }

  function load() {
    if (!pagefind) {
      pagefind = bundles().then(function (found) {
        return import(found[0] + "pagefind.js").then(function (module) {
          return module.init().then(function () {
            return Promise.all(found.slice(1).map(function (url) { return module.mergeIndex(url); }));
          }).then(function () { return module; });
        });
      });
    }
    return pagefind;
  }

  function item(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    var excerpt = document.createElement("p");
    // Pagefind escapes the page text and adds only <mark>; it joins blocks with ". ", which after
    // Chinese text becomes 。 (and a space Pagefind left between two Chinese characters goes).
    excerpt.innerHTML = data.excerpt
      .replace(/([\u3400-\u9fff\uf900-\ufaff])((?:<\/mark>)?)\.\s*/g, "$1$2。")
      .replace(/([\u3400-\u9fff，。：；！？])((?:<\/?mark>)?)\s+((?:<\/?mark>)?)(?=[\u3400-\u9fff])/g, "$1$2$3")
      .replace(/\u0f0b((?:<\/?mark>)?) /g, "\u0f0b$1"); // the space search.py put after each tsheg
    li.appendChild(link);
    li.appendChild(excerpt);
    return li;
  }

  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
  var CANDIDATES = 60, SHOWN = 20;

  // Pagefind cuts a Chinese query with the browser's word breaker, which may cut it differently
  // from the index (竹编 vs 竹/编): then nothing matches. For Chinese, pages found by any of the
  // query's characters are also fetched and kept when their text contains the whole phrase.
  function find(module, words) {
    words = words.replace(/\u0f0b\s*/g, "\u0f0b "); // Tibetan: one word per syllable, as indexed (search.py)
    return module.search(words).then(function (direct) {
      var phrase = words.replace(/\s+/g, "");
      if (!HAN.test(phrase)) return fetchData(direct.results.slice(0, SHOWN));
      var chars = phrase.split("").filter(function (c, i, all) { return HAN.test(c) && all.indexOf(c) === i; });
      return Promise.all(chars.map(function (c) { return module.search(c); })).then(function (byChar) {
        var hits = {}, order = [];
        [direct].concat(byChar).forEach(function (found, rank) {
          found.results.forEach(function (r) {
            if (!hits[r.id]) { hits[r.id] = { result: r, direct: rank === 0, chars: 0 }; order.push(r.id); }
            if (rank > 0) hits[r.id].chars += 1;
          });
        });
        order.sort(function (a, b) { return (hits[b].direct - hits[a].direct) || (hits[b].chars - hits[a].chars); });
        return fetchData(order.slice(0, CANDIDATES).map(function (id) { return hits[id].result; })).then(function (data) {
          var exact = data.filter(function (d) { return d.content.replace(/\s+/g, "").indexOf(phrase) !== -1; });
          return exact.length ? exact : data.filter(function (d, i) { return hits[order[i]].direct; });
        });
      });
    });
  }

  function fetchData(found) {
    return Promise.all(found.map(function (r) { return r.data(); }));
  }

  function search(words) {
    words = words.trim();
    list.textContent = "";
    if (!words) { show(""); return; }
    load().then(function (module) { return find(module, words); }).then(function (data) {
      results.querySelector("[data-search-count]").textContent = String(data.length);
      show(data.length ? "count" : "none");
      data.slice(0, SHOWN).forEach(function (d) { list.appendChild(item(d)); });
    }).catch(function () { show("failed"); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    search(input.value);
  });
  var words = new URLSearchParams(location.search).get("q");
  if (words) { input.value = words; search(words); }
})();
