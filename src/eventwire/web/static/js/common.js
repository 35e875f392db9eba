/* Shared helpers of the eventwire pages: read embedded JSON, show a tooltip, colours. */
(function () {
  "use strict";

  // Data blocks are <script type="application/json">: parsed, never executed.
  function readData(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  let tip = null;
  function showTip(event, text) {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "tooltip";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    tip.textContent = text; // text only: names come from articles
    tip.style.display = "block";
    tip.style.left = event.clientX + 14 + "px";
    tip.style.top = event.clientY + 10 + "px";
  }
  function hideTip() {
    if (tip) tip.style.display = "none";
  }

  const QUAD_COLORS = { 1: "#2a9d8f", 2: "#1d6f42", 3: "#d98a1c", 4: "#c8323f" };
  const QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
  };
  const TYPE_COLORS = {
    PERSON: "#3b6fd8",
    ORG: "#7b4fc9",
    COUNTRY: "#12867a",
    IGO: "#b35c00",
    MEDIA: "#888888",
    GROUP: "#a0522d",
  };

  // Build a DOM element with text children only (no innerHTML anywhere).
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v !== null && v !== undefined) node.setAttribute(k, v);
    });
    children.flat().forEach((c) => {
      if (c === null || c === undefined || c === false) return;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    });
    return node;
  }

  function articleLink(articleId, fragment, text, title) {
    return el("a", { href: "/articles/" + encodeURIComponent(articleId) + "#" + fragment, title: title || null }, text);
  }

  function safeRef(value) {
    return String(value).replace(/[^A-Za-z0-9_-]/g, "_");
  }

  // TimeML ranges read better with a dash: 2024-12-03..2024-12-04 -> 2024-12-03 – 2024-12-04.
  function formatDate(value) {
    return value ? String(value).replace("..", " – ") : "date unknown";
  }

  // What a page drawing in an <svg> (map, network) starts from: the data embedded under
  // dataId, the svg sized to its box (or to the fallback size before layout), the side panel.
  // Null when the page has no such data or svg (nothing to draw). Needs d3.
  function drawing(dataId, svgId, panelId, fallbackWidth, fallbackHeight) {
    const data = readData(dataId);
    const node = document.getElementById(svgId);
    if (!data || !node) return null;
    const width = node.clientWidth || fallbackWidth;
    const height = node.clientHeight || fallbackHeight;
    const svg = d3.select(node).attr("viewBox", [0, 0, width, height]);
    return { data, node, svg, width, height, panel: document.getElementById(panelId) };
  }

  window.eventwire = { readData, showTip, hideTip, el, articleLink, safeRef, formatDate, drawing, QUAD_COLORS, QUAD_NAMES, TYPE_COLORS };
})();
