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

  // Back to top floats in the corner once the reader has scrolled half a
  // screen (never on a page too short to scroll, where it has nowhere to go
  // back to), but never over a form control: while one passes under it (the
  // newsletter form at the foot of a phone's screen), it steps aside until
  // the control has scrolled on.
  var backToTop = document.querySelector(".back-to-top");
  if (!backToTop) return;
  backToTop.classList.add("is-floating");
  var CONTROLS = "input:not([type=hidden]), select, textarea, button";
  var GAP = 8;
  var covers = function (box, control) {
    if (control === backToTop || control.closest(".visually-hidden")) return false;
    var other = control.getBoundingClientRect();
    return other.width > 0 && other.height > 0
      && other.left < box.right + GAP && other.right > box.left - GAP
      && other.top < box.bottom + GAP && other.bottom > box.top - GAP;
  };
  var pending = false;
  var place = function () {
    pending = false;
    // The box where the button sits when shown (its place does not depend on
    // whether it is shown).
    var box = backToTop.getBoundingClientRect();
    var controls = document.querySelectorAll(CONTROLS);
    var blocked = window.scrollY < window.innerHeight / 2;
    for (var i = 0; i < controls.length && !blocked; i++) {
      blocked = covers(box, controls[i]);
    }
    backToTop.classList.toggle("is-stepped-aside", blocked);
  };
  var schedule = function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(place);
    }
  };
  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule);
  place();
})();
