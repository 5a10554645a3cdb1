/*
 * Warns a signed-in user two minutes before their session ends for inactivity, and lets
 * them stay signed in (services/web/sessions.py). Without JavaScript nothing is shown: a
 * form sent after the end is kept until they sign in again (services/web/pending_posts.py).
 *
 * base.html gives the clock on <body>: data-session-seconds-left (when this page was
 * served), data-session-idle-seconds and data-session-keepalive-url (any signed-in GET
 * records activity). The texts are translated templates in base.html. Tabs share the
 * end time through localStorage, so activity in one tab keeps the others quiet.
 */
(function () {
  "use strict";

  var WARN_BEFORE_SECONDS = 120;
  // The server records activity at most once a minute (TOUCH_EVERY_SECONDS).
  var TOUCH_SLACK_SECONDS = 60;
  var STORAGE_KEY = "impact-session-ends-at";

  var body = document.body;
  var box = document.getElementById("session-warning");
  var idle = parseInt(body.dataset.sessionIdleSeconds, 10);
  var left = parseInt(body.dataset.sessionSecondsLeft, 10);
  var keepAliveUrl = body.dataset.sessionKeepaliveUrl;
  if (!box || !keepAliveUrl || !(idle > 0) || isNaN(left)) {
    return;
  }

  var endsAt = 0;
  var warnTimer = null;
  var endTimer = null;
  var lastFocus = null;
  var keptTimer = null;

  function sharedEnd() {
    try {
      return parseInt(window.localStorage.getItem(STORAGE_KEY), 10) || 0;
    } catch (error) {
      return 0; // storage refused (private mode, policy): this tab alone
    }
  }

  function share(end) {
    try {
      if (end > sharedEnd()) {
        window.localStorage.setItem(STORAGE_KEY, String(end));
      }
    } catch (error) {
      // storage refused: nothing to share
    }
  }

  function show(templateId) {
    var template = document.getElementById(templateId);
    window.clearTimeout(keptTimer);
    if (template) {
      box.replaceChildren(template.content.cloneNode(true));
    }
  }

  function hide() {
    if (box.contains(document.activeElement) && lastFocus && lastFocus.isConnected) {
      lastFocus.focus();
    }
    box.replaceChildren();
  }

  function schedule(end) {
    endsAt = end;
    share(end);
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    var now = Date.now();
    warnTimer = window.setTimeout(warn, Math.max(0, end - WARN_BEFORE_SECONDS * 1000 - now));
    endTimer = window.setTimeout(ended, Math.max(0, end - now));
  }

  function laterElsewhere() {
    var shared = sharedEnd();
    if (shared > endsAt) {
      hide();
      schedule(shared);
      return true;
    }
    return false;
  }

  function warn() {
    if (!laterElsewhere()) {
      show("session-warning-soon");
    }
  }

  function ended() {
    if (!laterElsewhere()) {
      show("session-warning-ended");
    }
  }

  function activity() {
    schedule(Date.now() + (idle - TOUCH_SLACK_SECONDS) * 1000);
  }

  function stay() {
    window
      .fetch(keepAliveUrl, {
        credentials: "same-origin",
        cache: "no-store",
        redirect: "manual",
      })
      .then(function (response) {
        if (response.ok) {
          // This request was recorded: within two minutes of the end, the last one
          // recorded is more than a minute old.
          hide();
          schedule(Date.now() + idle * 1000);
          show("session-warning-kept");
          keptTimer = window.setTimeout(hide, 5000);
        } else {
          // Redirected to the login page: the session had already ended.
          window.clearTimeout(warnTimer);
          window.clearTimeout(endTimer);
          show("session-warning-ended");
        }
      })
      .catch(function () {
        // Server unreachable: keep the warning and its button, to try again.
      });
  }

  box.addEventListener("click", function (event) {
    if (event.target.closest("[data-session-stay]")) {
      stay();
    }
  });
  document.addEventListener("focusin", function (event) {
    if (!box.contains(event.target)) {
      lastFocus = event.target;
    }
  });
  // An htmx request is activity the server recorded.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.successful) {
      hide();
      activity();
    }
  });
  window.addEventListener("storage", function (event) {
    if (event.key === STORAGE_KEY) {
      laterElsewhere();
    }
  });

  schedule(Date.now() + left * 1000);
})();
