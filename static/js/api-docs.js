// Starts Swagger UI on /api/v2/docs/ (templates/api/docs.html) with the portal's OpenAPI
// document; a file of its own because the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui");
  if (!container || !window.SwaggerUIBundle) {
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: container.getAttribute("data-schema-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIStandalonePreset],
    plugins: [window.SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    // The API is read-only and anonymous: "Try it out" sends plain GET requests.
    supportedSubmitMethods: ["get"],
    validatorUrl: null
  });
})();
