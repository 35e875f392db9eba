/* Bar charts drawn with the vendored d3: the dashboard timeline and an actor's events per month. */
(function () {
  "use strict";
  const ew = window.eventwire;

  function periodEnd(period, interval) {
    const day = new Date(period + (period.length === 7 ? "-01" : "") + "T00:00:00Z");
    if (interval === "week") day.setUTCDate(day.getUTCDate() + 6);
    else if (interval === "month") {
      day.setUTCMonth(day.getUTCMonth() + 1);
      day.setUTCDate(0);
    }
    return day.toISOString().slice(0, 10);
  }

  // A left axis of counts: whole numbers, each once ("0 1 2", never "0 0 0 1 1 1",
  // which d3's fractional ticks of a small domain would round to).
  function countAxis(y, most) {
    const top = Math.floor(y.domain()[1]);
    const ticks = top <= most ? d3.range(0, top + 1) : y.ticks(most).filter(Number.isInteger);
    return d3.axisLeft(y).tickValues(ticks).tickFormat(d3.format("d"));
  }

  function drawTimeline(box, data) {
    const keys = data.keys;
    const byQuad = data.by === "quad";
    const palette = d3.scaleOrdinal(keys, d3.schemeTableau10.concat(d3.schemeSet3));
    const color = (k) => (byQuad ? ew.QUAD_COLORS[k] || "#999" : palette(k));
    const label = (k) => (byQuad ? k + " · " + ew.QUAD_NAMES[k] : k);
    const width = Math.max(box.clientWidth, 320);
    const height = 240;
    const margin = { top: 10, right: 10, bottom: 28, left: 34 };
    const periods = data.periods;
    const x = d3.scaleBand(periods.map((p) => p.period), [margin.left, width - margin.right]).padding(0.15);
    const y = d3.scaleLinear([0, d3.max(periods, (p) => p.total) || 1], [height - margin.bottom, margin.top]).nice();
    const series = d3.stack().keys(keys).value((p, k) => p.counts[k] || 0)(periods);
    const svg = d3.select(box).append("svg").attr("width", width).attr("height", height).attr("viewBox", [0, 0, width, height]);
    svg.append("g")
      .selectAll("g")
      .data(series)
      .join("g")
      .attr("fill", (s) => color(s.key))
      .attr("data-key", (s) => s.key)
      .selectAll("rect")
      .data((s) => s.filter((d) => d[1] > d[0]).map((d) => Object.assign(d, { key: s.key })))
      .join("rect")
      .attr("class", "bar")
      .attr("x", (d) => x(d.data.period))
      .attr("y", (d) => y(d[1]))
      .attr("height", (d) => Math.max(0, y(d[0]) - y(d[1])))
      .attr("width", x.bandwidth())
      .style("cursor", "pointer")
      .on("mousemove", (event, d) => ew.showTip(event, d.data.period + " · " + label(d.key) + ": " + (d[1] - d[0])))
      .on("mouseleave", ew.hideTip)
      .on("click", (event, d) => {
        const params = new URLSearchParams({ since: d.data.period.length === 7 ? d.data.period + "-01" : d.data.period, until: periodEnd(d.data.period, data.interval) });
        params.set(byQuad ? "quad_class" : "type", d.key);
        window.location.href = "/events?" + params.toString();
      });
    const every = Math.ceil(periods.length / Math.max(1, Math.floor(width / 80)));
    svg.append("g")
      .attr("class", "axis")
      .attr("transform", `translate(0,${height - margin.bottom})`)
      .call(d3.axisBottom(x).tickValues(x.domain().filter((_, i) => i % every === 0)).tickSizeOuter(0));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`).call(countAxis(y, 5));
    const legend = ew.el("div", { class: "chart-legend" });
    keys.forEach((k) => {
      const swatch = ew.el("span", { class: "swatch" });
      swatch.style.background = color(k);
      legend.appendChild(ew.el("span", {}, swatch, label(k)));
    });
    box.appendChild(legend);
  }

  function drawMonths(box, rows) {
    const width = Math.max(box.clientWidth, 280);
    const height = 180;
    const margin = { top: 8, right: 8, bottom: 26, left: 28 };
    const x = d3.scaleBand(rows.map((r) => r.period), [margin.left, width - margin.right]).padding(0.2);
    const y = d3.scaleLinear([0, d3.max(rows, (r) => r.count) || 1], [height - margin.bottom, margin.top]).nice();
    const svg = d3.select(box).append("svg").attr("width", width).attr("height", height);
    svg.append("g")
      .attr("fill", "#1f5fbf")
      .selectAll("rect")
      .data(rows)
      .join("rect")
      .attr("x", (r) => x(r.period))
      .attr("y", (r) => y(r.count))
      .attr("height", (r) => y(0) - y(r.count))
      .attr("width", x.bandwidth())
      .on("mousemove", (event, r) => ew.showTip(event, r.period + ": " + r.count + " events"))
      .on("mouseleave", ew.hideTip);
    const every = Math.ceil(rows.length / Math.max(1, Math.floor(width / 70)));
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
      .call(d3.axisBottom(x).tickValues(x.domain().filter((_, i) => i % every === 0)).tickSizeOuter(0));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`).call(countAxis(y, 4));
  }

  const timeline = ew.readData("timeline-data");
  const timelineBox = document.getElementById("timeline-chart");
  if (timeline && timelineBox) drawTimeline(timelineBox, timeline);
  const months = ew.readData("actor-timeline");
  const monthsBox = document.getElementById("actor-chart");
  if (months && monthsBox) drawMonths(monthsBox, months);
})();
