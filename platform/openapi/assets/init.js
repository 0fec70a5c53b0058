// Starts Swagger UI on this API's own document. It lives in a file rather than in the page so
// that the page's Content-Security-Policy can refuse every inline script.
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // Keeps the token given to "Authorize" across reloads (in this origin's localStorage).
    persistAuthorization: true,
    // The default sends the document to validator.swagger.io, another origin.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
