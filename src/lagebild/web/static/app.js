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

  function perDay() {
    const box = document.getElementById("per-day");
    if (!box) return;
    let rows = [];
    try { rows = JSON.parse(box.dataset.series || "[]"); } catch (e) { return; }
    const byDay = {};
    rows.forEach(function (r) { byDay[r.day] = (byDay[r.day] || 0) + r.n; });
    const days = Object.keys(byDay).sort().slice(-60);
    if (!days.length) { box.textContent = "noch keine datierten Ereignisse"; return; }
    const W = 600, H = 160, pad = 20, max = Math.max.apply(null, days.map(function (d) { return byDay[d]; }));
    const svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Ereignisse pro Tag" }, box);
    const bw = (W - 2 * pad) / days.length;
    days.forEach(function (d, i) {
      const h = (H - 2 * pad) * byDay[d] / max;
      const r = el("rect", { x: pad + i * bw + 1, y: H - pad - h, width: Math.max(1, bw - 2), height: h, fill: "#1f5fa8" }, svg);
      el("title", {}, r).textContent = d + ": " + byDay[d];
    });
    el("text", { x: pad, y: H - 4, "font-size": 11 }, svg).textContent = days[0];
    el("text", { x: W - pad, y: H - 4, "font-size": 11, "text-anchor": "end" }, svg).textContent = days[days.length - 1];
    el("text", { x: pad, y: 12, "font-size": 11 }, svg).textContent = "max " + max;
  }

  // a small deterministic force layout for the ego network
  function network() {
    const box = document.getElementById("network");
    if (!box) return;
    let g;
    try { g = JSON.parse(box.dataset.network || "{}"); } catch (e) { return; }
    if (!g.nodes || g.nodes.length < 2) { box.textContent = "keine Interaktionen gefunden"; return; }
    const W = 640, H = 360, n = g.nodes.length, idx = {};
    const pos = g.nodes.map(function (node, i) {
      idx[node.id] = i;
      if (node.center) return { x: W / 2, y: H / 2 };
      const a = 2 * Math.PI * i / (n - 1);
      return { x: W / 2 + 130 * Math.cos(a), y: H / 2 + 120 * Math.sin(a) };
    });
    for (let it = 0; it < 200; it++) {
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y, d2 = Math.max(dx * dx + dy * dy, 1);
        const f = 900 / d2;
        pos[i].x += dx * f * 0.05; pos[i].y += dy * f * 0.05; pos[j].x -= dx * f * 0.05; pos[j].y -= dy * f * 0.05;
      }
      for (let i = 1; i < n; i++) {
        pos[i].x = Math.min(W - 60, Math.max(60, pos[i].x)); pos[i].y = Math.min(H - 20, Math.max(20, pos[i].y));
      }
      pos[0].x = W / 2; pos[0].y = H / 2;
    }
    const svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Akteursnetzwerk" }, box);
    const maxW = Math.max.apply(null, g.edges.map(function (e) { return e.events * 2 + e.stories; }).concat([1]));
    g.edges.forEach(function (e) {
      const a = pos[idx[e.source]], b = pos[idx[e.target]];
      if (!a || !b) return;
      const line = el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: e.events ? "#d9730d" : "#9aa5b5",
        "stroke-width": 1 + 5 * (e.events * 2 + e.stories) / maxW, class: "edge" }, svg);
      el("title", {}, line).textContent = e.events + " Ereignisse, " + e.stories + " gemeinsame Geschichten";
    });
    g.nodes.forEach(function (node, i) {
      const a = el("a", { href: "/actors/" + encodeURIComponent(node.id).replace(/%3A/g, ":") }, svg);
      el("circle", { cx: pos[i].x, cy: pos[i].y, r: node.center ? 9 : 6, fill: node.center ? "#1f5fa8" : "#5b8fd0", class: "node" }, a);
      el("text", { x: pos[i].x + 10, y: pos[i].y + 4 }, a).textContent = node.label;
    });
  }

  document.addEventListener("DOMContentLoaded", function () { quotes(); perDay(); network(); });
})();
