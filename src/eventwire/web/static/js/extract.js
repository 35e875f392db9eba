/* The paste form: while the server extracts, the button is disabled and a message says so.
   The first extraction also loads the language model and takes several seconds. */
(function () {
  "use strict";
  const form = document.querySelector(".paste-form");
  const button = document.getElementById("extract-button");
  const status = document.getElementById("extract-status");
  if (!form || !button || !status) return;
  const label = button.textContent;

  function busy(on) {
    form.toggleAttribute("aria-busy", on);
    button.disabled = on;
    button.textContent = on ? "Extracting…" : label;
    status.hidden = !on;
  }
  // Disabling the button inside the submit event does not stop the form from posting.
  form.addEventListener("submit", () => busy(true));
  // Coming back to this page from the result (back button) shows the form ready again.
  window.addEventListener("pageshow", () => busy(false));
})();
