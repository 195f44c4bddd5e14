// Swagger UI for /openapi.json, from the package's own copy of swagger-ui-dist (no CDN).
// Kept out of docs.html because the pages' Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    validatorUrl: null, // the default validator is an outside service
    deepLinking: true,
    // "Try it out" POSTs carry the CSRF token, as the pages' forms do.
    requestInterceptor: function (req) { req.headers["X-CSRF-Token"] = token; return req; }
  });
})();
