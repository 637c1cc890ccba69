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
    // No deep links: Swagger UI puts them as links inside each operation's button (axe:
    // nested-interactive), which keyboards and screen readers cannot use apart.
    deepLinking: false,
    // BaseLayout: no top bar, whose URL box (unlabelled, with a low-contrast button) would only
    // load other documents than the portal's own.
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // The API is read-only and anonymous: "Try it out" sends plain GET requests.
    supportedSubmitMethods: ["get"],
    validatorUrl: null
  });

  // Swagger UI leaves its server <select> without a name (axe: select-name); name it after its
  // visible title whenever Swagger UI (re)renders it.
  function nameServerSelect() {
    var select = container.querySelector("select#servers");
    if (select && !select.hasAttribute("aria-label")) {
      select.setAttribute("aria-label", "Servers");
    }
  }
  new MutationObserver(nameServerSelect).observe(container, { childList: true, subtree: true });
})();
