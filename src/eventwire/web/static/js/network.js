/* Network view: a force-directed graph of who acts on whom, each link opening its evidence. */
(function () {
  "use strict";
  const ew = window.eventwire;
  const drawing = ew.drawing("graph-data", "network", "graph-panel", 800, 600);
  if (!drawing || !drawing.data.edges.length) return;
  const { data, svg, width, height, panel } = drawing;

  const nodes = data.nodes.map((n) => Object.assign({}, n));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const links = data.edges.map((e) => {
    const quad = Object.entries(e.quads).sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
    return Object.assign({}, e, { source: byId.get(e.source), target: byId.get(e.target), name: e.source + " → " + e.target, quad });
  });
  const pairs = new Set(links.map((l) => l.source.id + "\u0000" + l.target.id));
  links.forEach((l) => { l.curved = pairs.has(l.target.id + "\u0000" + l.source.id); });

  const radius = (n) => 7 + 3.2 * Math.sqrt(n.events || 1);
  const widthOf = d3.scaleSqrt([1, d3.max(links, (l) => l.weight) || 1], [1.5, 7]);

  const simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).distance(130).strength(0.5))
    .force("charge", d3.forceManyBody().strength(-420))
    .force("center", d3.forceCenter(width / 2, height / 2))
    .force("collide", d3.forceCollide((n) => radius(n) + 12))
    .force("x", d3.forceX(width / 2).strength(0.04))
    .force("y", d3.forceY(height / 2).strength(0.06))
    .stop();
  // Lay the graph out before drawing it, so it appears still and the same each time.
  simulation.tick(300);

  const defs = svg.append("defs");
  Object.entries(ew.QUAD_COLORS).forEach(([quad, color]) => {
    defs.append("marker")
      .attr("id", "arrow-" + quad)
      .attr("viewBox", "0 -5 10 10")
      .attr("refX", 9)
      .attr("markerUnits", "userSpaceOnUse")
      .attr("markerWidth", 11)
      .attr("markerHeight", 11)
      .attr("orient", "auto")
      .append("path")
      .attr("d", "M0,-5L10,0L0,5")
      .attr("fill", color);
  });
  const world = svg.append("g");
  const zoom = d3.zoom().scaleExtent([0.3, 5]).on("zoom", (event) => world.attr("transform", event.transform));
  svg.call(zoom);

  const linkSel = world.append("g")
    .selectAll("path")
    .data(links)
    .join("path")
    .attr("class", "link")
    .attr("data-source", (l) => l.source.id)
    .attr("data-target", (l) => l.target.id)
    .attr("stroke", (l) => ew.QUAD_COLORS[l.quad])
    .attr("stroke-width", (l) => widthOf(l.weight))
    .attr("marker-end", (l) => "url(#arrow-" + l.quad + ")")
    .on("mousemove", (event, l) => ew.showTip(event, l.name + ": " + l.weight + " event" + (l.weight === 1 ? "" : "s")))
    .on("mouseleave", ew.hideTip)
    .on("click", (event, l) => { event.stopPropagation(); showLink(l); });

  const nodeSel = world.append("g")
    .selectAll("g")
    .data(nodes)
    .join("g")
    .attr("class", "node")
    .attr("data-id", (n) => n.id)
    .on("mousemove", (event, n) => ew.showTip(event, n.id + (n.country ? " (" + n.country + ")" : "") + ": " + n.events + " events"))
    .on("mouseleave", ew.hideTip)
    .on("click", (event, n) => { event.stopPropagation(); showNode(n); })
    .call(d3.drag()
      .on("start", (event, n) => { if (!event.active) simulation.alphaTarget(0.2).restart(); n.fx = n.x; n.fy = n.y; })
      .on("drag", (event, n) => { n.fx = event.x; n.fy = event.y; })
      .on("end", (event, n) => { if (!event.active) simulation.alphaTarget(0); n.fx = null; n.fy = null; }));
  nodeSel.append("circle").attr("r", radius).attr("fill", (n) => ew.TYPE_COLORS[n.type] || "#6b7785");
  nodeSel.append("text").text((n) => n.label || n.id);

  function endpoints(l) {
    // Stop the line at the rim of the target circle so the arrow head shows.
    const dx = l.target.x - l.source.x;
    const dy = l.target.y - l.source.y;
    const dist = Math.hypot(dx, dy) || 1;
    const rs = radius(l.source);
    const rt = radius(l.target) + 3;
    return [l.source.x + (dx * rs) / dist, l.source.y + (dy * rs) / dist, l.target.x - (dx * rt) / dist, l.target.y - (dy * rt) / dist, dist];
  }
  function draw() {
    linkSel.attr("d", (l) => {
      const [x1, y1, x2, y2, dist] = endpoints(l);
      return l.curved ? `M${x1},${y1}A${dist},${dist} 0 0,1 ${x2},${y2}` : `M${x1},${y1}L${x2},${y2}`;
    });
    nodeSel.attr("transform", (n) => `translate(${n.x},${n.y})`);
  }
  simulation.on("tick", draw);
  draw();
  placeLabels();
  fitToView();

  // Where a label may sit around its circle: right, left, above, below.
  function spots(r) {
    return [
      { x: r + 4, y: 4, anchor: "start" },
      { x: -(r + 4), y: 4, anchor: "end" },
      { x: 0, y: -(r + 5), anchor: "middle" },
      { x: 0, y: r + 13, anchor: "middle" },
    ];
  }
  function overlaps(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }
  // Label the busiest actors first, each at the first spot clear of the labels already
  // placed and of the circles; a label with no clear spot is hidden (hovering its circle
  // shows it, and the tooltip names it), so no two labels ever overlap.
  function placeLabels() {
    const circles = nodes.map((n) => ({ node: n, x0: n.x - radius(n), x1: n.x + radius(n), y0: n.y - radius(n), y1: n.y + radius(n) }));
    const placed = [];
    const texts = new Map();
    nodeSel.select("text").each(function (n) { texts.set(n, this); });
    nodes.slice().sort((a, b) => (b.events || 0) - (a.events || 0) || String(a.id).localeCompare(String(b.id))).forEach((n) => {
      const text = d3.select(texts.get(n)).classed("label-hidden", false);
      const clear = spots(radius(n)).some((spot) => {
        text.attr("x", spot.x).attr("y", spot.y).attr("text-anchor", spot.anchor);
        const b = texts.get(n).getBBox();
        const box = { x0: n.x + b.x, x1: n.x + b.x + b.width, y0: n.y + b.y, y1: n.y + b.y + b.height };
        if (placed.some((other) => overlaps(box, other)) || circles.some((c) => c.node !== n && overlaps(box, c))) return false;
        placed.push(box);
        n.labelBox = box;
        return true;
      });
      if (!clear) {
        text.classed("label-hidden", true);
        n.labelBox = null;
      }
    });
  }
  // Open with the whole graph in view: circles and shown labels, never enlarged.
  function fitToView() {
    const boxes = nodes.map((n) => ({ x0: n.x - radius(n), x1: n.x + radius(n), y0: n.y - radius(n), y1: n.y + radius(n) }))
      .concat(nodes.filter((n) => n.labelBox).map((n) => n.labelBox));
    const x0 = d3.min(boxes, (b) => b.x0);
    const x1 = d3.max(boxes, (b) => b.x1);
    const y0 = d3.min(boxes, (b) => b.y0);
    const y1 = d3.max(boxes, (b) => b.y1);
    const pad = 12;
    const scale = Math.min(1, (width - 2 * pad) / Math.max(1, x1 - x0), (height - 2 * pad) / Math.max(1, y1 - y0));
    zoom.scaleExtent([Math.min(0.3, scale), 5]);
    svg.call(zoom.transform, d3.zoomIdentity.translate(width / 2 - (scale * (x0 + x1)) / 2, height / 2 - (scale * (y0 + y1)) / 2).scale(scale));
  }

  function select(kind, value) {
    linkSel.classed("selected", (l) => kind === "link" && l === value);
    nodeSel.classed("selected", (n) => kind === "node" && n === value);
  }

  function eventItem(ev) {
    return ew.el("li", {},
      ew.el("span", { class: "badge" }, ev.type), " ",
      ew.articleLink(ev.article_id, "ev-" + ew.safeRef(ev.key), "“" + (ev.trigger || "event") + "”", "open the article at these words"),
      ew.el("div", { class: "muted small" }, (ev.when || ew.formatDate(ev.date)) + " · " + (ev.title || ev.article_id)));
  }

  function showLink(l) {
    select("link", l);
    panel.replaceChildren(
      ew.el("h3", {}, l.source.label || l.source.id, " → ", l.target.label || l.target.id),
      ew.el("p", { class: "muted small" }, l.weight + " event" + (l.weight === 1 ? "" : "s") + ": " +
        Object.entries(l.types).map(([t, n]) => t + (n > 1 ? " ×" + n : "")).join(", ")),
      ew.el("ul", { class: "edge-events" }, l.events.map(eventItem)),
      ew.el("a", { href: "/events?" + new URLSearchParams({ actor: l.source.id, recipient: l.target.id }).toString() }, "all events in the table ›"));
  }

  function showNode(n) {
    select("node", n);
    const mine = links.filter((l) => l.source === n || l.target === n).sort((a, b) => b.weight - a.weight);
    panel.replaceChildren(
      ew.el("h3", {}, n.id),
      ew.el("p", { class: "muted small" }, [n.type, n.country].filter(Boolean).join(" · ") + " · " + n.events + " events on these links"),
      ew.el("a", { href: "/actors/" + encodeURIComponent(n.id) }, "actor page ›"),
      ew.el("ul", {}, mine.map((l) => {
        const item = ew.el("li", {}, ew.el("a", { href: "#" }, l.name), " ", ew.el("span", { class: "muted" }, "(" + l.weight + ")"));
        item.firstChild.addEventListener("click", (event) => { event.preventDefault(); showLink(l); });
        return item;
      })));
  }

  svg.on("click", () => select(null, null));
})();
