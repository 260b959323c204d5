// The article page is cached for every reader, so its comment form carries no
// CSRF or timing token. They are fetched (never cached) when the reader starts
// writing; without JavaScript the server shows the filled-in form again, with
// fresh tokens, to be sent once more.
(function () {
  "use strict";
  var form = document.getElementById("commentform");
  if (!form || !form.dataset.tokens || !window.fetch) {
    return;
  }
  var csrf = form.elements.csrfmiddlewaretoken;
  var timing = form.elements.token;
  var pending = null;

  function load() {
    if (csrf.value && timing.value) {
      return Promise.resolve();
    }
    if (!pending) {
      pending = fetch(form.dataset.tokens, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("tokens " + response.status);
          }
          return response.json();
        })
        .then(function (tokens) {
          csrf.value = tokens.csrfmiddlewaretoken;
          timing.value = tokens.token;
        })
        .catch(function () {
          // Sent without tokens, the form comes back to be confirmed.
          pending = null;
        });
    }
    return pending;
  }

  form.addEventListener("focusin", load);
  form.addEventListener("submit", function (event) {
    if (csrf.value && timing.value) {
      return;
    }
    event.preventDefault();
    load().then(function () {
      form.submit();
    });
  });
})();

// The comment's length as the reader types, in the site's digits. The page
// states the limit without JavaScript; this adds the count beside it. Screen
// readers hear it only when it matters: on nearing the limit (a tenth of it
// left, at most 100 characters), on passing it and on coming back under it,
// never at every key.
(function () {
  "use strict";
  var note = document.getElementById("comment-limit");
  var field = document.getElementById("comment");
  var live = document.getElementById("comment-count-live");
  if (!note || !field || !live) {
    return;
  }
  var shown = note.querySelector(".comment-count");
  var limit = parseInt(note.dataset.limit, 10);
  var arabic = note.dataset.digits === "arabic";
  var near = Math.min(100, Math.ceil(limit / 10));
  var state = null;

  function format(number) {
    var text = String(number).replace(/\B(?=(\d{3})+(?!\d))/g, arabic ? "\u066c" : ",");
    return arabic
      ? text.replace(/\d/g, function (digit) {
          return String.fromCharCode(0x0660 + Number(digit));
        })
      : text;
  }

  function say(template, count) {
    return template.replace("%(count)s", format(count));
  }

  function update() {
    // Counted as the server counts: code points, outer spaces trimmed.
    var count = Array.from(field.value.replace(/\r\n/g, "\n").trim()).length;
    var left = limit - count;
    var now = left < 0 ? "over" : left <= near ? "near" : "under";
    shown.textContent = say(note.dataset.count, count);
    note.classList.toggle("is-over", now === "over");
    if (state !== null && now !== state) {
      live.textContent =
        now === "over"
          ? say(note.dataset.over, -left)
          : say(note.dataset.left, left);
    }
    state = now;
  }

  field.addEventListener("input", update);
  update();
})();
