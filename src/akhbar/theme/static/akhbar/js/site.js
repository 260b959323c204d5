// Progressive enhancement only: every control works without this file.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-link]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!navigator.clipboard) return;
      event.preventDefault();
      navigator.clipboard.writeText(link.href).then(function () {
        link.textContent = "✓ " + link.textContent;
      });
    });
  });
})();
