/* Live story: poll the story's one updates URL, apply edits and deletions in
   place without moving what the reader is looking at, and offer new entries
   behind a "N new updates" bar rather than pushing the page down. */
(function () {
  "use strict";
  var feed = document.querySelector("[data-live-updates]");
  if (!feed || !window.fetch) {
    return;
  }
  var url = feed.getAttribute("data-live-updates");
  var version = parseInt(feed.getAttribute("data-version"), 10) || 0;
  var interval = (parseFloat(feed.getAttribute("data-interval")) || 5) * 1000;
  var arabicDigits = feed.getAttribute("data-digits") !== "western";
  var bar = document.getElementById("live-bar");
  var list = document.getElementById("live-entries");
  var queued = [];
  var HOLD_FRAMES = 120;
  var stopped = false;
  // keepingScroll() holds the reader's place; the browser's own scroll
  // anchoring, on top, would move it twice.
  document.documentElement.style.overflowAnchor = "none";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules("ar") : null;

  function digits(number) {
    var text = String(number);
    if (!arabicDigits) {
      return text;
    }
    return text.replace(/[0-9]/g, function (d) {
      return "٠١٢٣٤٥٦٧٨٩".charAt(+d);
    });
  }

  function label(count) {
    var category = plural ? plural.select(count) : "other";
    var text = bar.getAttribute("data-label-" + category) ||
      bar.getAttribute("data-label-other");
    return text.replace("%(count)s", digits(count));
  }

  function element(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content.firstElementChild;
  }

  function copies(id) {
    return document.querySelectorAll('.live-entry[data-entry-id="' + id + '"]');
  }

  function pinnedList() {
    var pinned = document.getElementById("live-pinned");
    if (!pinned) {
      pinned = document.createElement("div");
      pinned.className = "live-pinned";
      pinned.id = "live-pinned";
      list.parentNode.insertBefore(pinned, list);
    }
    return pinned;
  }

  /* Run change() and scroll back by however much it moved the first entry
     still on screen, so the reader's eyes stay where they were. The place is
     held for a couple of seconds more: a font or an image in the new markup
     can still change heights. A scroll by the reader ends the hold. */
  function keepingScroll(change) {
    var anchorId = null;
    var anchorTop = 0;
    var entries = list.querySelectorAll(".live-entry");
    for (var i = 0; i < entries.length; i++) {
      var box = entries[i].getBoundingClientRect();
      if (box.bottom > 0) {
        anchorId = entries[i].getAttribute("data-entry-id");
        anchorTop = box.top;
        break;
      }
    }
    change();
    if (anchorId !== null) {
      holdPlace(anchorId, anchorTop, HOLD_FRAMES);
    }
  }

  function holdPlace(anchorId, anchorTop, frames) {
    var selector = '.live-entry[data-entry-id="' + anchorId + '"]';
    var expected = null;
    function step(left) {
      if (expected !== null && Math.abs(window.scrollY - expected) > 1) {
        return;
      }
      var anchor = list.querySelector(selector);
      if (!anchor) {
        return;
      }
      var moved = anchor.getBoundingClientRect().top - anchorTop;
      if (moved) {
        window.scrollBy({ top: moved, behavior: "instant" });
      }
      expected = window.scrollY;
      if (left > 0) {
        window.requestAnimationFrame(function () { step(left - 1); });
      }
    }
    step(frames);
  }

  function pinnedCopy(change) {
    var copy = element(change.html);
    copy.id = "pinned-" + change.id;
    return copy;
  }

  function applyInPlace(change, existing) {
    keepingScroll(function () {
      for (var i = 0; i < existing.length; i++) {
        var old = existing[i];
        if (change.deleted) {
          old.remove();
        } else if (old.parentNode.id === "live-pinned") {
          if (change.pinned) {
            old.replaceWith(pinnedCopy(change));
          } else {
            old.remove();
          }
        } else {
          old.replaceWith(element(change.html));
        }
      }
      if (!change.deleted && change.pinned &&
          !document.getElementById("pinned-" + change.id)) {
        pinnedList().prepend(pinnedCopy(change));
      }
    });
  }

  function showBar() {
    if (queued.length) {
      bar.textContent = label(queued.length);
      bar.hidden = false;
    } else {
      bar.hidden = true;
    }
  }

  function apply(data) {
    if (data.interval) {
      interval = data.interval * 1000;
    }
    if (data.complete_after > version) {
      bar.textContent = bar.getAttribute("data-label-reload");
      bar.hidden = false;
      bar.setAttribute("data-reload", "");
      stopped = true;
      return;
    }
    data.entries.forEach(function (change) {
      if (change.seq <= version) {
        return;
      }
      queued = queued.filter(function (item) { return item.id !== change.id; });
      var existing = copies(change.id);
      if (existing.length) {
        applyInPlace(change, existing);
      } else if (!change.deleted) {
        queued.push(change);
      }
    });
    version = Math.max(version, data.version);
    showBar();
    if (!data.open) {
      stopped = true;
    }
  }

  function showQueued() {
    if (bar.hasAttribute("data-reload")) {
      window.location.reload();
      return;
    }
    queued.sort(function (a, b) { return a.posted < b.posted ? -1 : 1; });
    var empty = list.querySelector(".live-empty");
    if (empty) {
      empty.remove();
    }
    queued.forEach(function (change) {
      list.prepend(element(change.html));
      if (change.pinned) {
        pinnedList().prepend(pinnedCopy(change));
      }
    });
    queued = [];
    showBar();
    list.scrollIntoView({ block: "start", behavior: "instant" });
  }

  function poll() {
    if (stopped) {
      return;
    }
    if (document.hidden) {
      schedule();
      return;
    }
    fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { apply(data); } })
      .catch(function () {})
      .then(schedule);
  }

  function schedule() {
    if (!stopped) {
      window.setTimeout(poll, interval);
    }
  }

  bar.addEventListener("click", showQueued);
  schedule();
})();
