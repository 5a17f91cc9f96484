/* Site search: a typed symbol first (search/symbols/), then Pagefind's full-text
 * results down to the paragraph (#para_6), filtered by body and year.
 * Nothing is fetched until the box is used. See site_builder/exports/search.py. */
(function () {
  "use strict";

  var box = document.querySelector("search.site-search");
  highlightArrival();
  if (!box) return;

  var form = box.querySelector("form");
  var input = box.querySelector("input[type=search]");
  var filtersBox = box.querySelector(".search-filters");
  var bodySelect = box.querySelector("#search-body");
  var yearSelect = box.querySelector("#search-year");
  var panel = box.querySelector(".search-panel");
  var status = box.querySelector(".search-status");
  var list = box.querySelector(".search-results");
  var rootUrl = new URL(box.getAttribute("data-root") || "./", location.href);
  var pagefind = null;
  var loading = null;
  var symbolShards = null;
  var shardNames = [];
  var shardCache = {};
  var serial = 0;
  var timer = 0;
  var MAX_PAGES = 8;
  var MAX_PARAS = 3;

  box.hidden = false;

  if (location.protocol === "file:") {
    var say = function () {
      panel.hidden = false;
      box.setAttribute("data-state", "unavailable");
      status.textContent =
        "Search is not available when the site is opened from a file: the browser blocks " +
        "loading the search index from disk. Serve the folder over HTTP " +
        "(site-builder serve, or python -m http.server) to search.";
    };
    input.addEventListener("focus", say);
    input.addEventListener("input", say);
    form.addEventListener("submit", function (e) { e.preventDefault(); say(); });
    return;
  }

  /* The full-text index is in shards (pagefind/shards.json): the primary one holds
   * Pagefind's engine, the others are merged into it with mergeIndex. */
  function load() {
    if (!loading) {
      loading = fetchJson(new URL("pagefind/shards.json", rootUrl).href).then(function (index) {
        var dir = function (name) { return new URL("pagefind/" + name + "/", rootUrl); };
        var base = rootUrl.pathname;
        // every page also gets the filter "shard" (its shard's name): see newestFirst
        shardNames = [index.primary].concat(index.shards.filter(function (name) { return name !== index.primary; }));
        return import(new URL("pagefind.js", dir(index.primary)).href).then(function (pf) {
          return pf.options({ basePath: dir(index.primary).pathname, baseUrl: base, mergeFilter: { shard: index.primary } })
            .then(function () { return pf.init ? pf.init() : null; })
            .then(function () {
              return Promise.all(shardNames.slice(1).map(function (name) {
                return pf.mergeIndex(dir(name).pathname, { baseUrl: base, mergeFilter: { shard: name } });
              }));
            })
            .then(function () { pagefind = pf; fillFilters(pf); return pf; });
        });
      });
      loading.catch(function () {
        panel.hidden = false;
        box.setAttribute("data-state", "unavailable");
        status.textContent = "Search is not available: the search index could not be loaded " +
          "(was the site built with Pagefind installed?).";
      });
    }
    return loading;
  }

  function fillFilters(pf) {
    pf.filters().then(function (filters) {
      addOptions(bodySelect, filters.body || {}, false);
      addOptions(yearSelect, filters.year || {}, true);
      filtersBox.hidden = false;
    });
  }

  function addOptions(select, counts, newestFirst) {
    var names = Object.keys(counts).sort();
    if (newestFirst) names.reverse();
    names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      option.textContent = name + " (" + counts[name] + ")";
      select.appendChild(option);
    });
  }

  input.addEventListener("focus", function () { load(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    if (input.value.trim()) { panel.hidden = false; status.textContent = "Searching…"; }
    timer = setTimeout(run, 80);
  });
  bodySelect.addEventListener("change", run);
  yearSelect.addEventListener("change", run);
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { panel.hidden = true; }
  });

  // ----- symbols ---------------------------------------------------------------

  var SYMBOL = new RegExp(
    "(?:[A-Z][A-Z0-9.]*/)*(?:" +
      "(?:E?S-)?\\d{1,4}/\\d{1,4}(?:\\s?[A-Z](?![A-Z0-9]))?" + // 57/173, 2003/22, 68/247 B, S-10/2
      "|\\d{1,5}(?:\\s?[A-Z])?\\s?\\((?:\\d{4}|E?S-[IVXLC]+|[IVXLC]+)\\)" + // 1373 (2001), 2625 (XXV)
    ")", "g");

  function normalise(text) { return text.replace(/\s+/g, "").toUpperCase(); }

  function symbolKeys(query) {
    var upper = query.toUpperCase().replace(/^\s*(?:RESOLUTION|RES\.?)\s+/, "");
    var keys = [normalise(upper)];
    var m;
    SYMBOL.lastIndex = 0;
    while ((m = SYMBOL.exec(upper))) {
      var key = normalise(m[0]);
      if (keys.indexOf(key) < 0) keys.push(key);
    }
    return keys.filter(function (k) { return /\d/.test(k) && /[/(]/.test(k); });
  }

  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function fetchJson(url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  function lookupSymbols(query) {
    var keys = symbolKeys(query);
    if (!keys.length) return Promise.resolve([]);
    if (!symbolShards) {
      symbolShards = fetchJson(new URL("search/symbols/index.json", rootUrl).href)
        .then(function (d) { return d.shards; });
    }
    return symbolShards.then(function (shards) {
      return Promise.all(keys.map(function (key) {
        var n = fnv1a(key) % shards;
        if (!shardCache[n]) shardCache[n] = fetchJson(new URL("search/symbols/" + n + ".json", rootUrl).href);
        return shardCache[n].then(function (shard) { return shard[key] || []; });
      }));
    }).then(function (found) {
      var seen = {};
      var out = [];
      found.forEach(function (entries) {
        entries.forEach(function (e) { if (!seen[e.url]) { seen[e.url] = 1; out.push(e); } });
      });
      return out;
    }).catch(function () { return []; });
  }

  // ----- full text -------------------------------------------------------------

  function currentFilters() {
    var f = {};
    if (bodySelect.value) f.body = bodySelect.value;
    if (yearSelect.value) f.year = yearSelect.value;
    return f;
  }

  function run() {
    var query = input.value.trim();
    var filters = currentFilters();
    var mine = ++serial;
    if (!query && !Object.keys(filters).length) {
      list.textContent = "";
      status.textContent = "";
      panel.hidden = true;
      return;
    }
    panel.hidden = false;
    status.textContent = "Searching…";
    var symbols = query ? lookupSymbols(query) : Promise.resolve([]);
    var text = load().then(function (pf) {
      var options = { filters: filters };
      if (!query) options.sort = { date: "desc" };
      return pf.search(query || null, options);
    }).then(function (search) {
      if (!search) return { total: 0, pages: [] };
      var lists = query ? null : byShard(search);
      var pages = lists ? newestFirst(lists, MAX_PAGES) :
        Promise.all(search.results.slice(0, MAX_PAGES).map(function (r) { return r.data(); }));
      return pages.then(function (pages) { return { total: search.results.length, pages: pages }; });
    });
    Promise.all([symbols, text]).then(function (both) {
      if (mine !== serial) return;
      render(query, both[0], both[1]);
    }).catch(function () { /* load() has said why */ });
  }

  /* Filters only, newest first: each shard lists its pages by date, but the merged
   * list orders them by score, which for a sorted filter-only search is the rank
   * from the end of the shard's own list (n - 1 ... 0), shards in merge order on
   * ties. With each shard's count (the "shard" filter) that order is rebuilt to
   * give every result its shard; null when the results are not in that order. */
  function byShard(search) {
    var counts = (search.filters && search.filters.shard) || {};
    var slots = [];
    shardNames.forEach(function (name, i) {
      var n = counts[name] || 0;
      for (var pos = 0; pos < n; pos++) slots.push({ score: n - 1 - pos, shard: i });
    });
    slots.sort(function (a, b) { return b.score - a.score || a.shard - b.shard; });
    if (slots.length !== search.results.length) return null;
    var lists = shardNames.map(function () { return []; });
    for (var k = 0; k < slots.length; k++) {
      if (Math.abs(search.results[k].score - slots[k].score) > 1e-6) return null;
      lists[slots[k].shard].push(search.results[k]);
    }
    return lists;
  }

  /* The newest ``count`` pages of date-sorted lists: one page loaded per list, then
   * one more each time a list's newest is taken. */
  function newestFirst(lists, count) {
    var next = lists.map(function () { return 0; });
    var heads = lists.map(function (list) { return list.length ? list[0].data() : null; });
    var out = [];
    var date = function (page) { return (page.meta && page.meta.date) || ""; };
    function step() {
      if (out.length >= count) return Promise.resolve(out);
      return Promise.all(heads).then(function (pages) {
        var best = -1;
        pages.forEach(function (page, i) { if (page && (best < 0 || date(page) > date(pages[best]))) best = i; });
        if (best < 0) return out;
        out.push(pages[best]);
        next[best]++;
        heads[best] = next[best] < lists[best].length ? lists[best][next[best]].data() : null;
        return step();
      });
    }
    return step();
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function render(query, symbols, text) {
    list.textContent = "";
    var filters = currentFilters();
    var symbolUrls = {};
    list.setAttribute("data-query", query);
    var count = 0;
    symbols.forEach(function (s) {
      if (filters.year && s.date.slice(0, 4) !== filters.year) return;
      if (filters.body && s.body !== filters.body) return;
      symbolUrls[s.url] = 1;
      var li = el("li", "search-result search-symbol");
      var a = el("a", null);
      a.href = new URL(s.url + "index.html", rootUrl).href;
      a.appendChild(el("span", "search-label", s.label));
      if (s.title) a.appendChild(el("span", "search-title", s.title));
      li.appendChild(a);
      li.appendChild(el("p", "search-meta", s.document + " · adopted " + s.date));
      list.appendChild(li);
      count++;
    });
    var symbolCount = count;
    text.pages.forEach(function (page) {
      if (symbolUrls[relativeUrl(page.url)]) return; // offered above, by its symbol
      var li = el("li", "search-result");
      var paras = paragraphHits(page);
      var best = paras.length && !paras.inHeader ? paras[0] : null;
      var terms = matchedTerms(page);
      var a = el("a", null);
      a.href = linkTo(page.url, best ? best.eid : "", terms);
      var meta = page.meta || {};
      a.appendChild(el("span", "search-label", meta.label || meta.symbol || ""));
      a.appendChild(el("span", "search-title", meta.title || ""));
      li.appendChild(a);
      if (paras.length) {
        var sub = el("ul", "search-paragraphs");
        paras.slice(0, MAX_PARAS).forEach(function (p) {
          var item = el("li", null);
          var link = el("a", null);
          link.href = linkTo(page.url, p.eid, terms);
          link.appendChild(el("span", "search-where", paragraphName(p.eid)));
          var excerpt = el("span", "search-excerpt");
          excerpt.innerHTML = p.excerpt;
          link.appendChild(excerpt);
          item.appendChild(link);
          sub.appendChild(item);
        });
        li.appendChild(sub);
      } else if (page.excerpt) {
        var ex = el("p", "search-excerpt");
        ex.innerHTML = page.excerpt;
        li.appendChild(ex);
      }
      list.appendChild(li);
    });
    count += text.total;
    if (!count) status.textContent = "No results" + (query ? " for “" + query + "”" : "") + ".";
    else status.textContent = (symbolCount ? symbolCount + " resolution" + (symbolCount > 1 ? "s" : "") +
      " with that symbol; " : "") + text.total + " page" + (text.total === 1 ? "" : "s") + " matching" +
      (text.total > text.pages.length ? ", the first " + text.pages.length + " shown" : "") + ".";
  }

  function relativeUrl(url) {
    var path = new URL(url, location.origin).pathname;
    var root = rootUrl.pathname;
    var rel = path.indexOf(root) === 0 ? path.slice(root.length) : path;
    return rel.replace(/index\.html$/, "");
  }

  function linkTo(url, eid, terms) {
    var target = new URL(url, location.origin);
    if (terms.length) target.search = "?highlight=" + encodeURIComponent(terms.join(" "));
    if (eid) target.hash = eid;
    return target.href;
  }

  // words as Pagefind counts them: its word positions index this list
  function words(page) { return page.content.split(/\s+/).filter(function (w) { return w.length; }); }

  function clean(word) { return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""); }

  function matchedTerms(page) {
    var ws = words(page);
    var seen = {};
    var out = [];
    (page.locations || []).forEach(function (loc) {
      var w = clean(ws[loc] || "").toLowerCase();
      if (w && !seen[w]) { seen[w] = 1; out.push(w); }
    });
    return out.slice(0, 8);
  }

  var EID = /^(?:[a-z]+_[A-Za-z0-9]+)(?:__[a-z]+_[A-Za-z0-9]+)*$|^conclusions$/;

  /* Each matched word belongs to the innermost anchored element before it: the
   * paragraph. Paragraphs with the most matches come first. */
  function paragraphHits(page) {
    var anchors = (page.anchors || []).filter(function (a) { return EID.test(a.id); })
      .sort(function (a, b) { return a.location - b.location; });
    if (!anchors.length) return [];
    var ws = words(page);
    var byEid = {};
    var order = [];
    var inHeader = false;
    (page.locations || []).forEach(function (loc) {
      var owner = null;
      for (var i = 0; i < anchors.length && anchors[i].location <= loc; i++) owner = i;
      if (owner === null) { inHeader = true; return; } // the title or the symbol
      var a = anchors[owner];
      if (!byEid[a.id]) {
        var end = owner + 1 < anchors.length ? anchors[owner + 1].location : ws.length;
        byEid[a.id] = { eid: a.id, start: a.location, end: end, hits: [] };
        order.push(byEid[a.id]);
      }
      byEid[a.id].hits.push(loc);
    });
    order.forEach(function (p) { p.excerpt = excerpt(ws, p); });
    order.inHeader = inHeader;
    return order.sort(function (a, b) { return b.hits.length - a.hits.length || a.start - b.start; });
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function excerpt(ws, p) {
    var size = 28;
    var from = Math.max(p.start, Math.min(p.hits[0] - 8, p.end - size));
    var to = Math.min(p.end, from + size);
    var parts = [];
    for (var i = from; i < to; i++) {
      var w = escapeHtml(ws[i]);
      parts.push(p.hits.indexOf(i) >= 0 ? "<mark>" + w + "</mark>" : w);
    }
    return (from > p.start ? "… " : "") + parts.join(" ") + (to < p.end ? " …" : "");
  }

  function paragraphName(eid) {
    var names = { formula: "Formula", recital: "Preambular paragraph", para: "Paragraph", point: "Subparagraph",
      sec: "Section", annex: "Annex", draft: "Draft resolution", fn: "Footnote", p: "Paragraph" };
    if (eid === "conclusions") return "Adoption record";
    var parts = eid.split("__");
    var last = parts[parts.length - 1].split("_");
    var kind = last[0];
    var num = last.slice(1).join("_");
    var name = names[kind] || kind;
    var label = kind === "point" ? name + " (" + num + ")" :
      (kind === "recital" || kind === "formula" || (kind === "para" && !/^\d/.test(num))) ? name : name + " " + num;
    if (kind === "point") {
      var parent = parts.filter(function (x) { return /^para_/.test(x); })[0];
      if (parent) label += " of paragraph " + parent.slice(5);
    }
    if (eid.indexOf("draft_") === 0 && kind !== "draft") label += ", draft resolution";
    if (eid.indexOf("annex_") === 0 && kind !== "annex") label += ", annex";
    return label;
  }

  // ----- arriving from a result: mark the words -----------------------------------

  function highlightArrival() {
    var params = new URLSearchParams(location.search);
    var terms = (params.get("highlight") || "").toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    if (!terms.length) return;
    var scopes = document.querySelectorAll(".resolution-text, .footnotes, .resolution-header h1");
    var pattern = new RegExp("(^|[^\\p{L}\\p{N}])(" + terms.map(function (t) {
      return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")(?![\\p{L}\\p{N}])", "giu");
    scopes.forEach(function (scope) {
      var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) {
        if (node.parentNode.closest(".permalink, mark")) return;
        var text = node.nodeValue;
        pattern.lastIndex = 0;
        if (!pattern.test(text)) return;
        pattern.lastIndex = 0;
        var frag = document.createDocumentFragment();
        var last = 0;
        var m;
        while ((m = pattern.exec(text))) {
          var start = m.index + m[1].length;
          frag.appendChild(document.createTextNode(text.slice(last, start)));
          var mark = document.createElement("mark");
          mark.className = "search-hit";
          mark.textContent = m[2];
          frag.appendChild(mark);
          last = start + m[2].length;
        }
        frag.appendChild(document.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(frag, node);
      });
    });
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target) {
      target.classList.add("search-target");
      target.scrollIntoView();
    }
  }
})();
