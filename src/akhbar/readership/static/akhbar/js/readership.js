// Tell the site that this article was read: one POST once the page is shown.
// The page itself stays cacheable; the script tag carries the article's id and
// the beacon's address (data-article, data-url).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var url = script.getAttribute("data-url");
  var article = script.getAttribute("data-article");
  if (!url || !article) return;
  function send() {
    var data = new FormData();
    data.append("article", article);
    if (navigator.sendBeacon && navigator.sendBeacon(url, data)) return;
    if (window.fetch) {
      fetch(url, { method: "POST", body: data, keepalive: true, credentials: "omit" });
    }
  }
  if (document.visibilityState === "prerender" || document.hidden) {
    document.addEventListener("visibilitychange", function shown() {
      if (document.hidden) return;
      document.removeEventListener("visibilitychange", shown);
      send();
    });
  } else {
    send();
  }
})();
