/* Start the vendored Swagger UI on this server's OpenAPI document. */
(function () {
  "use strict";
  const box = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: box.dataset.spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
