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
