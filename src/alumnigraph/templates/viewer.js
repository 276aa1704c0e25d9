/* alumnigraph viewer: legend and filters, search, neighbourhood highlight, side panel.
   Every name, quote and label from the data reaches the page through textContent (or a canvas
   label), never as HTML; vis-network's HTML `title` tooltips are not used. */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const details = data.details;
  const edgeDetails = data.edgeDetails;
  const MOVE_KINDS = new Set(["left", "joined"]);
  const DIM_NODE = {
    background: "#eef1f4", border: "#d3d9df",
    highlight: { background: "#eef1f4", border: "#9aa5b1" }, hover: { background: "#eef1f4", border: "#9aa5b1" },
  };
  const DIM_EDGE = { color: "rgba(190,198,206,0.35)", highlight: "#9aa5b1", hover: "#9aa5b1", inherit: false };
  const DIM_TEXT = "#c3c9cf";
  const nodeStyle = new Map(data.nodeStyles.map((s) => [s.key, s]));
  const edgeStyle = new Map(data.edgeStyles.map((s) => [s.kind, s]));

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const edgeById = new Map(data.edges.map((e) => [e.id, e]));
  const adjacency = new Map(data.nodes.map((n) => [n.id, []]));
  for (const e of data.edges) {
    adjacency.get(e.from).push(e.id);
    if (e.to !== e.from) adjacency.get(e.to).push(e.id);
  }
  const hiddenNow = new Map();
  let dimmed = false;

  const $ = (id) => document.getElementById(id);
  const container = $("graph");
  const network = new vis.Network(container, { nodes, edges }, data.options);
  const api = {
    network, nodes, edges, data, ready: false,
    drawnNodeIds: () => network.body.nodeIndices.slice(),
    drawnEdgeIds: () => network.body.edgeIndices.slice(),
  };
  window.alumnigraph = api;

  /* ---------- small DOM helpers: text only ---------- */
  function el(tag, className, ...children) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    for (const c of children) {
      if (c === null || c === undefined || c === "") continue;
      e.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  }
  function names(d) {
    return d.zh === d.en || !d.en ? d.zh : d.zh + " / " + d.en;
  }
  function categoryLabel(d) {
    return nodeStyle.get(d.category).label;
  }
  function kindLabel(kind) {
    return (edgeStyle.get(kind) || { label: kind }).label;
  }

  /* ---------- legend swatches ---------- */
  function polygon(points) {
    return svg("polygon", { points: points.map((p) => p.join(",")).join(" ") });
  }
  function shapeSwatch(style) {
    const box = svg("svg", { width: 18, height: 18, viewBox: "0 0 18 18", "aria-hidden": "true" });
    const star = [];
    for (let i = 0; i < 10; i++) {
      const r = i % 2 ? 3.6 : 8, a = Math.PI / 5 * i - Math.PI / 2;
      star.push([9 + r * Math.cos(a), 9.5 + r * Math.sin(a)].map((v) => v.toFixed(2)));
    }
    const hexagon = [];
    for (let i = 0; i < 6; i++) {
      const a = Math.PI / 3 * i;
      hexagon.push([9 + 7.5 * Math.cos(a), 9 + 7.5 * Math.sin(a)].map((v) => v.toFixed(2)));
    }
    const shapes = {
      dot: () => svg("circle", { cx: 9, cy: 9, r: 7 }),
      square: () => svg("rect", { x: 2.5, y: 2.5, width: 13, height: 13 }),
      star: () => polygon(star),
      diamond: () => polygon([[9, 1], [17, 9], [9, 17], [1, 9]]),
      hexagon: () => polygon(hexagon),
      triangle: () => polygon([[9, 1.5], [17, 16], [1, 16]]),
    };
    const shape = (shapes[style.shape] || shapes.dot)();
    shape.setAttribute("fill", style.color);
    shape.setAttribute("stroke", style.border);
    shape.setAttribute("stroke-width", "1.5");
    if (style.key === "unnamed") shape.setAttribute("stroke-dasharray", "3 2");
    box.append(shape);
    return box;
  }
  function lineSwatch(style) {
    const box = svg("svg", { width: 34, height: 14, viewBox: "0 0 34 14", "aria-hidden": "true" });
    const line = svg("line", { x1: 1, y1: 7, x2: 25, y2: 7, stroke: style.color, "stroke-width": Math.max(style.width, 1.6) });
    if (style.dashes) line.setAttribute("stroke-dasharray", style.dashes.join(" "));
    const head = polygon([[33, 7], [24, 2.5], [24, 11.5]]);
    head.setAttribute("fill", style.color);
    box.append(line, head);
    return box;
  }

  /* ---------- filter state ---------- */
  const years = data.years;
  function defaults() {
    return {
      types: new Set(data.nodeStyles.map((s) => s.key)),
      kinds: new Set(data.edgeStyles.map((s) => s.kind)),
      org: "", depth: 1,
      yearFrom: years ? years[0] : 0, yearTo: years ? years[1] : 0,
      undated: true, hideIsolated: false,
    };
  }
  let state = defaults();

  function edgePasses(e) {
    const d = edgeDetails[e.id];
    if (!state.kinds.has(d.kind)) return false;
    if (!MOVE_KINDS.has(d.kind)) return true;
    if (typeof d.year !== "number") return state.undated;
    return d.year >= state.yearFrom && d.year <= state.yearTo;
  }
  function focusSet() {
    if (!state.org || !adjacency.has(state.org)) return null;
    const seen = new Set([state.org]);
    let frontier = [state.org];
    for (let step = 0; step < state.depth; step++) {
      const next = [];
      for (const id of frontier) {
        for (const eid of adjacency.get(id)) {
          const e = edgeById.get(eid);
          const other = e.from === id ? e.to : e.from;
          if (!seen.has(other) && edgePasses(e) && state.types.has(details[other].category)) {
            seen.add(other);
            next.push(other);
          }
        }
      }
      frontier = next;
    }
    return seen;
  }
  function visibility() {
    const focus = focusSet();
    const nodeOn = new Set(data.nodes.filter((n) =>
      state.types.has(details[n.id].category) && (!focus || focus.has(n.id))).map((n) => n.id));
    const edgeOn = new Set(data.edges.filter((e) =>
      edgePasses(e) && nodeOn.has(e.from) && nodeOn.has(e.to)).map((e) => e.id));
    if (state.hideIsolated) {
      const touched = new Set();
      for (const id of edgeOn) touched.add(edgeById.get(id).from).add(edgeById.get(id).to);
      for (const id of [...nodeOn]) if (!touched.has(id)) nodeOn.delete(id);
    }
    return { nodeOn, edgeOn };
  }
  function applyFilters(fit) {
    const { nodeOn, edgeOn } = visibility();
    const changes = (items, on) => items
      .filter((x) => (hiddenNow.get(x.id) || false) !== !on.has(x.id))
      .map((x) => { hiddenNow.set(x.id, !on.has(x.id)); return { id: x.id, hidden: !on.has(x.id) }; });
    nodes.update(changes(data.nodes, nodeOn));
    edges.update(changes(data.edges, edgeOn));
    const selected = network.getSelectedNodes()[0];
    if (selected && hiddenNow.get(selected)) clearSelection();
    $("counts").textContent = "Showing " + nodeOn.size + " of " + data.nodes.length + " nodes and " +
      edgeOn.size + " of " + data.edges.length + " edges.";
    if (fit && nodeOn.size) network.fit({ nodes: [...nodeOn], animation: false });
  }

  /* ---------- controls ---------- */
  function countBy(items, key) {
    const counts = new Map();
    for (const x of items) counts.set(key(x), (counts.get(key(x)) || 0) + 1);
    return counts;
  }
  function checkbox(setName, value, swatch, label, count) {
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset[setName] = value;
    box.addEventListener("change", () => {
      if (box.checked) state[setName].add(value); else state[setName].delete(value);
      applyFilters(false);
    });
    return el("label", "", box, swatch, el("span", "", label), el("span", "n", count || 0));
  }
  function buildControls() {
    const typeCounts = countBy(Object.values(details), (d) => d.category);
    for (const s of data.nodeStyles) {
      $("type-filters").append(checkbox("types", s.key, shapeSwatch(s), s.label, typeCounts.get(s.key)));
    }
    const kindCounts = countBy(Object.values(edgeDetails), (d) => d.kind);
    for (const s of data.edgeStyles) {
      $("kind-filters").append(checkbox("kinds", s.kind, lineSwatch(s), s.label, kindCounts.get(s.kind)));
    }
    const groups = { AlumniGroup: el("optgroup"), Company: el("optgroup") };
    groups.AlumniGroup.label = "Alumni groups";
    groups.Company.label = "Companies";
    for (const o of data.orgs) {
      const option = el("option", "", o.en === o.zh ? o.zh : o.en + " / " + o.zh);
      option.value = o.id;
      groups[o.type].append(option);
    }
    $("org-filter").append(groups.AlumniGroup, groups.Company);
    $("org-filter").addEventListener("change", (ev) => { state.org = ev.target.value; applyFilters(true); });
    $("org-depth").addEventListener("change", (ev) => { state.depth = Number(ev.target.value); applyFilters(true); });
    if (years) {
      for (const id of ["year-from", "year-to"]) {
        $(id).min = years[0];
        $(id).max = years[1];
        $(id).addEventListener("input", readYears);
        $(id).addEventListener("change", readYears);
      }
    } else {
      $("year-section").hidden = true;
    }
    $("year-undated").addEventListener("change", (ev) => { state.undated = ev.target.checked; applyFilters(false); });
    $("hide-isolated").addEventListener("change", (ev) => { state.hideIsolated = ev.target.checked; applyFilters(false); });
    $("reset").addEventListener("click", reset);
    syncControls();
  }
  function readYears() {
    const from = parseInt($("year-from").value, 10), to = parseInt($("year-to").value, 10);
    state.yearFrom = Number.isNaN(from) ? years[0] : from;
    state.yearTo = Number.isNaN(to) ? years[1] : to;
    applyFilters(false);
  }
  function syncControls() {
    for (const box of document.querySelectorAll("#type-filters input")) box.checked = state.types.has(box.dataset.types);
    for (const box of document.querySelectorAll("#kind-filters input")) box.checked = state.kinds.has(box.dataset.kinds);
    $("org-filter").value = state.org;
    $("org-depth").value = String(state.depth);
    if (years) {
      $("year-from").value = state.yearFrom;
      $("year-to").value = state.yearTo;
    }
    $("year-undated").checked = state.undated;
    $("hide-isolated").checked = state.hideIsolated;
  }
  function reset() {
    state = defaults();
    syncControls();
    $("search").value = "";
    closeResults();
    clearSelection();
    applyFilters(false);
    network.fit({ animation: false });
  }

  /* ---------- neighbourhood highlight ---------- */
  function dim(keepNodes, keepEdges) {
    undim();
    nodes.update(data.nodes.filter((n) => !keepNodes.has(n.id))
      .map((n) => ({ id: n.id, color: DIM_NODE, font: { color: DIM_TEXT } })));
    edges.update(data.edges.filter((e) => !keepEdges.has(e.id))
      .map((e) => ({ id: e.id, color: DIM_EDGE, font: { color: DIM_TEXT } })));
    dimmed = true;
  }
  function undim() {
    if (!dimmed) return;
    nodes.update(data.nodes.map((n) => ({ id: n.id, color: n.color, font: n.font })));
    edges.update(data.edges.map((e) => ({ id: e.id, color: e.color, font: e.font })));
    dimmed = false;
  }
  function clearSelection() {
    undim();
    network.unselectAll();
    showHint();
  }

  /* ---------- selecting ---------- */
  function selectNode(id, options) {
    if (!details[id]) return false;
    if (hiddenNow.get(id)) {
      state = defaults();
      syncControls();
      applyFilters(false);
    }
    network.selectNodes([id]);
    dim(new Set([id, ...network.getConnectedNodes(id)]), new Set(network.getConnectedEdges(id)));
    showNode(id);
    if (!options || options.focus !== false) {
      network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    }
    return true;
  }
  function selectEdge(id) {
    const e = edgeById.get(id);
    network.selectEdges([id]);
    dim(new Set([e.from, e.to]), new Set([id]));
    showEdge(id);
  }
  api.select = selectNode;
  api.selectEdge = selectEdge;
  api.reset = reset;

  network.on("click", (p) => {
    if (p.nodes.length) selectNode(p.nodes[0], { focus: false });
    else if (p.edges.length) selectEdge(p.edges[0]);
    else clearSelection();
  });

  /* ---------- side panel ---------- */
  const panel = $("panel");
  function showHint() {
    panel.replaceChildren(el("p", "hint",
      "Click a node or an edge to see its names, facts and the quotes that support them. Click empty space to clear."));
  }
  function nodeLink(id) {
    const b = el("button", "link bidi", names(details[id]));
    b.type = "button";
    b.addEventListener("click", () => selectNode(id));
    return b;
  }
  function quoteBlock(quote, source) {
    const title = (data.sourceTitles || {})[source];
    return [el("blockquote", "", quote), el("cite", "", "Source: " + (title ? title + " (" + source + ")" : source))];
  }
  function factRows(dl, rows) {
    for (const [k, v] of rows) {
      if (v === "" || v === null || v === undefined || (Array.isArray(v) && !v.length)) continue;
      dl.append(el("dt", "", k), el("dd", "bidi", Array.isArray(v) ? v.join(", ") : String(v)));
    }
  }
  function badge(d) {
    const b = el("span", "badge", categoryLabel(d));
    b.style.background = nodeStyle.get(d.category).color;
    return b;
  }
  function edgeSummary(d) {
    const parts = [];
    if (typeof d.year === "number") parts.push(String(d.year));
    for (const [k, v] of d.facts) if (k === "role" || k === "start" || k === "end" || k === "degree") parts.push(k + ": " + v);
    return parts.length ? " · " + parts.join(" · ") : "";
  }
  function showNode(id) {
    const d = details[id];
    const dl = el("dl");
    factRows(dl, [
      ["Type", d.type + (d.category === "unnamed" ? " (unnamed)" : "")],
      ["Also called", d.aliases],
      ["Pseudonym (化名)", d.type === "Person" ? (d.pseudonym ? "yes: the article says this name is a pseudonym" : "no") : ""],
      ["Unnamed", d.unnamed ? "yes: the article does not name it" : ""],
      ["Description", d.description],
      ["Wikidata", d.wikidata],
      ...d.facts,
      ["Degree", d.degree + " (centrality " + d.centrality + ")"],
      ["Sources", d.sourcesTotal > d.sources.length
        ? [...d.sources, "… and " + (d.sourcesTotal - d.sources.length) + " more (all are in the RDF exports)"]
        : d.sources],
      ["Id", d.id],
    ]);
    const quotes = el("div");
    for (const q of d.quotes) quotes.append(...quoteBlock(q.quote, q.source));
    const conns = el("div");
    const incident = adjacency.get(id).map((eid) => edgeDetails[eid]);
    const order = new Map(data.edgeStyles.map((s, i) => [s.kind, i]));
    incident.sort((a, b) => (order.get(a.kind) - order.get(b.kind)) ||
      ((a.year || 0) - (b.year || 0)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const e of incident) {
      const outgoing = e.from === id;
      const other = outgoing ? e.to : e.from;
      const style = edgeStyle.get(e.kind) || { forward: e.kind, backward: e.kind };
      const line = el("div", "what",
        el("span", "kind", outgoing ? style.forward : style.backward), " ", nodeLink(other), edgeSummary(e));
      const conn = el("div", "conn", line, ...quoteBlock(e.quote, e.source));
      conns.append(conn);
    }
    panel.replaceChildren(
      badge(d), el("h2", "bidi", d.zh), d.en !== d.zh ? el("p", "en bidi", d.en) : "", dl,
      el("h3", "", d.quotesTotal > d.quotes.length
        ? "Quotes (" + d.quotes.length + " of " + d.quotesTotal + "; all are in the RDF exports)"
        : "Quotes (" + d.quotes.length + ")"), quotes,
      el("h3", "", "Connections (" + incident.length + ")"), conns,
    );
    panel.scrollTop = 0;
  }
  function showEdge(id) {
    const e = edgeDetails[id];
    const dl = el("dl");
    factRows(dl, [["Year", typeof e.year === "number" ? e.year : ""], ...e.facts, ["Source", e.source], ["Move", e.move]]);
    panel.replaceChildren(
      el("h2", "", kindLabel(e.kind)),
      el("p", "en", nodeLink(e.from), " → ", nodeLink(e.to)),
      dl, el("h3", "", "Quote"), ...quoteBlock(e.quote, e.source),
    );
    panel.scrollTop = 0;
  }

  /* ---------- hover tooltip (a DOM element, text only) ---------- */
  const tooltip = $("tooltip");
  function showTooltip(p, text) {
    tooltip.textContent = text;
    tooltip.style.left = (p.pointer.DOM.x + 14) + "px";
    tooltip.style.top = (p.pointer.DOM.y + 14) + "px";
    tooltip.hidden = false;
  }
  const hideTooltip = () => { tooltip.hidden = true; };
  network.on("hoverNode", (p) => {
    const d = details[p.node];
    showTooltip(p, [d.zh, d.en !== d.zh ? d.en : "", categoryLabel(d) + (d.pseudonym ? " · pseudonym (化名)" : "")]
      .filter(Boolean).join("\n"));
  });
  network.on("hoverEdge", (p) => {
    const e = edgeDetails[p.edge];
    showTooltip(p, kindLabel(e.kind) + (typeof e.year === "number" ? " · " + e.year : "") + "\n" +
      names(details[e.from]) + " → " + names(details[e.to]));
  });
  for (const ev of ["blurNode", "blurEdge", "dragStart", "zoom"]) network.on(ev, hideTooltip);

  /* ---------- search ---------- */
  const norm = (s) => String(s).normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  const searchIndex = data.nodes.map((n) => {
    const d = details[n.id];
    const entries = [[d.zh, "Chinese name"], [d.en, "English name"], ...d.aliases.map((a) => [a, "alias"]),
      [d.id.split("/").pop().replace(/-/g, " "), "id"]];
    return { id: n.id, entries: entries.filter(([t]) => t).map(([t, why]) => [norm(t), t, why]) };
  });
  function searchMatches(query) {
    const q = norm(query);
    if (!q) return [];
    const found = [];
    for (const item of searchIndex) {
      let best = null;
      for (const [key, text, why] of item.entries) {
        const rank = key === q ? 0 : key.startsWith(q) ? 1 : key.includes(q) ? 2 :
          key.replace(/ /g, "") === q.replace(/ /g, "") ? 1 : -1;
        if (rank >= 0 && (!best || rank < best.rank)) best = { id: item.id, rank, text, why };
      }
      if (best) found.push(best);
    }
    found.sort((a, b) => (a.rank - b.rank) || (details[b.id].degree - details[a.id].degree) ||
      (a.id < b.id ? -1 : 1));
    return found.slice(0, 30);
  }
  api.searchMatches = searchMatches;
  api.search = (query) => {
    const m = searchMatches(query);
    return m.length && selectNode(m[0].id) ? m[0].id : null;
  };

  const input = $("search");
  const results = $("search-results");
  let matches = [], active = 0;
  function closeResults() {
    results.hidden = true;
    results.replaceChildren();
  }
  function renderResults() {
    results.replaceChildren(...matches.map((m, i) => {
      const li = el("li", "", el("span", "bidi", names(details[m.id])),
        el("span", "why", categoryLabel(details[m.id]) + (m.why === "alias" ? " · alias " + m.text : "")));
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === active));
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(i); });
      return li;
    }));
    results.hidden = !matches.length;
  }
  function choose(i) {
    const m = matches[i];
    if (!m) return;
    closeResults();
    input.value = names(details[m.id]);
    selectNode(m.id);
  }
  input.addEventListener("input", () => { matches = searchMatches(input.value); active = 0; renderResults(); });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!matches.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      renderResults();
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (!matches.length) matches = searchMatches(input.value);
      choose(active);
    } else if (ev.key === "Escape") {
      closeResults();
    }
  });
  input.addEventListener("blur", closeResults);

  /* ---------- layout: fixed budget, then physics off so nothing moves ---------- */
  const loading = $("loading");
  function layoutDone() {
    network.setOptions({ physics: false });
    loading.hidden = true;
    api.ready = true;
    document.body.dataset.ready = "true";
  }
  network.on("stabilizationProgress", (p) => {
    loading.textContent = "Laying out the graph… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", layoutDone);
  if (!data.nodes.length) layoutDone();

  buildControls();
  applyFilters(false);
  showHint();
})();
