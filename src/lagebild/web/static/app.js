// lagebild pages: quote details on click, events-per-day chart, actor network. No external code.
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";
  function el(name, attrs, parent) {
    const e = document.createElementNS(SVG, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  function n(k, one, many) { return (k || 0) + " " + (k === 1 ? one : many); }

  // quotations: click or focus shows the speaker; text is set with textContent (never as HTML)
  function quotes() {
    const info = document.getElementById("quote-info");
    if (!info) return;
    document.querySelectorAll(".quote[data-quote]").forEach(function (q) {
      q.setAttribute("tabindex", "0");
      const show = function () {
        document.querySelectorAll(".quote.active").forEach(function (x) { x.classList.remove("active"); });
        document.querySelectorAll('.quote[data-quote="' + q.dataset.quote + '"]').forEach(function (x) { x.classList.add("active"); });
        info.hidden = false;
        info.textContent = "Sprecher: " + (q.dataset.speaker || "unbekannt");
      };
      q.addEventListener("click", show);
      q.addEventListener("focus", show);
    });
  }

  // events per day (or week): the server sends the robust range of the articles' dates, zeros included
  function perDay() {
    const box = document.getElementById("per-day");
    if (!box) return;
    let chart;
    try { chart = JSON.parse(box.dataset.chart || "{}"); } catch (e) { return; }
    const rows = chart.series || [];
    if (!rows.length || !rows.some(function (r) { return r.n > 0; })) { box.textContent = "noch keine datierten Ereignisse"; return; }
    const W = 600, H = 160, pad = 20, max = Math.max.apply(null, rows.map(function (r) { return r.n; }));
    const svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Ereignisse pro " + (chart.unit === "week" ? "Woche" : "Tag") }, box);
    const bw = (W - 2 * pad) / rows.length;
    rows.forEach(function (r, i) {
      const h = (H - 2 * pad) * r.n / max;
      const rect = el("rect", { x: pad + i * bw + (bw > 3 ? 0.5 : 0), y: H - pad - h, width: Math.max(0.8, bw - (bw > 3 ? 1 : 0)), height: h, fill: "#1f5fa8" }, svg);
      el("title", {}, rect).textContent = (chart.unit === "week" ? "Woche ab " : "") + r.day + ": " + r.n;
    });
    el("text", { x: pad, y: H - 4, "font-size": 11 }, svg).textContent = rows[0].day;
    el("text", { x: W - pad, y: H - 4, "font-size": 11, "text-anchor": "end" }, svg).textContent = rows[rows.length - 1].day;
    el("text", { x: pad, y: 12, "font-size": 11 }, svg).textContent = "höchstens " + max;
  }

  // the ego network: the actor in the middle, partners on one or two rings by weight (deterministic)
  function network() {
    const box = document.getElementById("network");
    if (!box) return;
    let g;
    try { g = JSON.parse(box.dataset.network || "{}"); } catch (e) { return; }
    if (!g.nodes || g.nodes.length < 2) { box.textContent = "keine Interaktionen gefunden"; return; }
    const W = 720, H = 420, cx = W / 2, cy = H / 2, idx = {};
    const others = g.nodes.filter(function (n) { return !n.center; });
    const pos = {};
    pos[g.nodes.find(function (n) { return n.center; }).id] = { x: cx, y: cy };
    const inner = others.slice(0, 10), outer = others.slice(10);
    [[inner, 120, 0], [outer, 185, 0.5]].forEach(function (ring) {
      ring[0].forEach(function (node, i) {
        const a = 2 * Math.PI * (i + ring[2]) / ring[0].length - Math.PI / 2;
        pos[node.id] = { x: cx + ring[1] * 1.45 * Math.cos(a), y: cy + ring[1] * Math.sin(a), a: a };
      });
    });
    const svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Akteursnetzwerk" }, box);
    const maxW = Math.max.apply(null, g.edges.map(function (e) { return e.weight; }).concat([1]));
    g.edges.forEach(function (e) {
      const a = pos[e.source], b = pos[e.target];
      if (!a || !b) return;
      const line = el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: e.events ? "#d9730d" : (e.quotes ? "#c99700" : "#9aa5b5"),
        "stroke-width": 1 + 4 * e.weight / maxW, class: "edge" }, svg);
      el("title", {}, line).textContent = n(e.events, "Ereignis", "Ereignisse") + ", " + n(e.quotes, "Zitat", "Zitate") + ", " +
        n(e.stories, "gemeinsame Geschichte", "gemeinsame Geschichten");
    });
    g.nodes.forEach(function (node) {
      const p = pos[node.id];
      if (!p) return;
      const a = el("a", { href: "/actors/" + encodeURIComponent(node.id).replace(/%3A/g, ":") }, svg);
      el("circle", { cx: p.x, cy: p.y, r: node.center ? 10 : 6, fill: node.center ? "#1f5fa8" : "#5b8fd0", class: "node" }, a);
      const right = node.center || Math.cos(p.a || 0) >= 0;
      const label = node.label.length > 22 ? node.label.slice(0, 21) + "…" : node.label;
      el("text", { x: p.x + (right ? 9 : -9), y: p.y + (node.center ? -14 : 4), "text-anchor": node.center ? "middle" : (right ? "start" : "end"),
        "font-weight": node.center ? "700" : "400" }, a).textContent = label;
    });
  }

  document.addEventListener("DOMContentLoaded", function () { quotes(); perDay(); network(); });
})();
