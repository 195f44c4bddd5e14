// Small page behaviours that the Content-Security-Policy keeps out of inline attributes.
(function () {
  "use strict";
  var print = document.getElementById("print");
  if (print) print.addEventListener("click", function () { window.print(); });

  // The actor page's verdict comes after the page: vetting reads the neighbours' claims too.
  var verdict = document.getElementById("verdict");
  if (verdict && verdict.dataset.src) {
    fetch(verdict.dataset.src, { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      })
      .then(function (html) {
        verdict.innerHTML = html; // rendered and escaped by the server's templates
        var level = verdict.querySelector(".level");
        if (level) verdict.classList.add("verdict-" + level.textContent.trim().replace(/ /g, "-"));
        verdict.dataset.ready = "1";
      })
      .catch(function (err) {
        verdict.querySelector("h2 .meta").textContent = "could not be computed (" + err.message + ")";
      });
  }
})();
