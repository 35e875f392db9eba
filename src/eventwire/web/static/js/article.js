/* Article view: select an extracted item (side panel, text or URL #fragment) and light up its words. */
(function () {
  "use strict";
  const text = document.getElementById("article-text");
  if (!text) return;

  // Roles drawn all the time, in the order a click on the text prefers them.
  const PRIMARY = ["trigger", "quote", "mention", "time", "place", "entity"];
  const index = new Map(); // annotation id -> [[element, role], ...] in document order

  text.querySelectorAll("[data-ann]").forEach((node) => {
    node.dataset.ann.split(" ").forEach((token) => {
      const cut = token.lastIndexOf(":");
      const ann = token.slice(0, cut);
      const role = token.slice(cut + 1);
      if (!index.has(ann)) index.set(ann, []);
      index.get(ann).push([node, role]);
    });
  });

  let current = null;

  function clear() {
    if (current === null) return;
    (index.get(current) || []).forEach(([node, role]) => node.classList.remove("on-" + role, "flash"));
    const item = document.getElementById("item-" + current);
    if (item) {
      item.classList.remove("selected");
      item.setAttribute("aria-pressed", "false");
    }
    current = null;
  }

  function activate(ann, options) {
    const parts = index.get(ann);
    if (!parts) return false;
    clear();
    current = ann;
    let target = null;
    parts.forEach(([node, role]) => {
      node.classList.add("on-" + role);
      if (role !== "sentence") {
        node.classList.remove("flash");
        void node.offsetWidth; // restart the animation on a second click
        node.classList.add("flash");
      }
      if (PRIMARY.includes(role) && target === null) target = node;
    });
    target = target || parts[0][0];
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    target.scrollIntoView({ block: "center", behavior: options.smooth && !still ? "smooth" : "auto" });
    const item = document.getElementById("item-" + ann);
    if (item) {
      item.classList.add("selected");
      item.setAttribute("aria-pressed", "true");
      const section = item.closest("details");
      if (section) section.open = true;
      if (options.fromText) item.scrollIntoView({ block: "nearest" });
    }
    if (options.remember !== false) history.replaceState(null, "", "#" + ann);
    return true;
  }

  text.addEventListener("animationend", (event) => event.target.classList.remove("flash"));

  document.querySelectorAll(".panel-item[data-target]").forEach((button) => {
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => activate(button.dataset.target, { smooth: true }));
  });

  text.addEventListener("click", (event) => {
    const node = event.target.closest("[data-ann]");
    if (!node) return;
    const tokens = node.dataset.ann.split(" ").map((t) => [t.slice(0, t.lastIndexOf(":")), t.slice(t.lastIndexOf(":") + 1)]);
    const visible = tokens.filter(([, role]) => PRIMARY.includes(role));
    if (!visible.length) return;
    visible.sort((a, b) => PRIMARY.indexOf(a[1]) - PRIMARY.indexOf(b[1]));
    // A second click on the same words moves on to the next annotation under them.
    const at = visible.findIndex(([ann]) => ann === current);
    const next = visible[(at + 1) % visible.length][0];
    activate(next, { fromText: true });
  });

  document.querySelectorAll(".layers input[data-layer]").forEach((box) => {
    box.addEventListener("change", () => text.classList.toggle("no-" + box.dataset.layer, !box.checked));
  });

  function fromHash() {
    const ann = decodeURIComponent(location.hash.slice(1));
    if (ann) activate(ann, { smooth: false, remember: false });
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
