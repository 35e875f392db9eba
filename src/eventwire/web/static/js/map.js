/* Map view: places named in the articles on an offline world map (world-atlas + d3-geo). */
(function () {
  "use strict";
  const ew = window.eventwire;
  const drawing = ew.drawing("places-data", "map", "map-panel", 900, 520);
  if (!drawing) return;
  const { data: places, node: svgNode, svg, width, height, panel } = drawing;

  const projection = d3.geoNaturalEarth1().fitExtent([[8, 8], [width - 8, height - 8]], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const world = svg.append("g");
  const pointsLayer = svg.append("g");
  let scale = 1;

  world.append("path").datum({ type: "Sphere" }).attr("class", "sphere").attr("d", path);
  world.append("path").datum(d3.geoGraticule10()).attr("class", "graticule").attr("d", path);

  const size = (p) => 3.5 + 2.6 * Math.sqrt(p.articles + p.events);
  const located = places
    .filter((p) => p.lat !== null && p.lon !== null)
    .map((p) => Object.assign({}, p, { xy: projection([p.lon, p.lat]) }))
    .sort((a, b) => size(b) - size(a));

  const circles = pointsLayer.selectAll("circle")
    .data(located)
    .join("circle")
    .attr("class", (p) => "point " + (p.events ? "has-events" : "mention-only"))
    .attr("data-place", (p) => p.name)
    .attr("cx", (p) => p.xy[0])
    .attr("cy", (p) => p.xy[1])
    .attr("r", size)
    .on("mousemove", (event, p) => ew.showTip(event, p.name + (p.country ? " (" + p.country + ")" : "") + ": " + p.articles + " articles, " + p.events + " events"))
    .on("mouseleave", ew.hideTip)
    .on("click", (event, p) => { event.stopPropagation(); show(p); });
  const labels = pointsLayer.selectAll("text")
    .data(located.slice(0, 12))
    .join("text")
    .attr("class", "place-label")
    .attr("x", (p) => p.xy[0] + size(p) + 3)
    .attr("y", (p) => p.xy[1] + 4)
    .text((p) => p.name);

  svg.call(d3.zoom().scaleExtent([1, 16]).on("zoom", (event) => {
    scale = event.transform.k;
    world.attr("transform", event.transform);
    pointsLayer.attr("transform", event.transform);
    // Keep circles and labels the same size on screen while zooming.
    circles.attr("r", (p) => size(p) / scale).attr("stroke-width", 1 / scale);
    labels.attr("x", (p) => p.xy[0] + (size(p) + 3) / scale).attr("y", (p) => p.xy[1] + 4 / scale)
      .style("font-size", 11 / scale + "px").style("stroke-width", 3 / scale + "px");
  }));

  function show(p) {
    circles.classed("selected", (q) => q === p);
    const parts = [
      ew.el("h3", {}, p.name),
      ew.el("p", { class: "muted small" }, [p.feature, p.country].filter(Boolean).join(" · ") + " · " + p.articles + " articles, " + p.mentions + " mentions, " + p.events + " events"),
    ];
    if (p.located.length) {
      parts.push(ew.el("h4", {}, "Events here"));
      parts.push(ew.el("ul", {}, p.located.map((ev) => ew.el("li", {},
        ew.el("span", { class: "badge" }, ev.type), " ",
        ew.articleLink(ev.article_id, "ev-" + ew.safeRef(ev.key), "“" + (ev.trigger || "event") + "”", "open the article at these words"),
        ew.el("div", { class: "muted small" }, (ev.when || ew.formatDate(ev.date)) + " · " + (ev.title || ev.article_id))))));
      parts.push(ew.el("a", { href: "/events?" + new URLSearchParams({ place: p.name }).toString() }, "all events here ›"));
    }
    if (p.mentioned.length) {
      parts.push(ew.el("h4", {}, "Named in"));
      parts.push(ew.el("ul", {}, p.mentioned.map((m) => ew.el("li", {},
        ew.articleLink(m.article_id, "p-" + m.seq, "“" + m.text + "”", "open the article at these words"),
        ew.el("div", { class: "muted small" }, m.title || m.article_id)))));
    }
    panel.replaceChildren(...parts);
  }
  svg.on("click", () => circles.classed("selected", false));

  // The countries come from the vendored topojson; points are drawn first so the page
  // is useful even before (or without) the outlines.
  fetch("/static/vendor/countries-110m.json")
    .then((response) => response.json())
    .then((topology) => {
      const countries = topojson.feature(topology, topology.objects.countries);
      world.append("g")
        .selectAll("path")
        .data(countries.features)
        .join("path")
        .attr("class", "land")
        .attr("d", path)
        .append("title")
        .text((f) => f.properties.name);
      svgNode.dataset.ready = "true";
    })
    .catch(() => { svgNode.dataset.ready = "no-outlines"; });
})();
