// The idle-timeout warning on inbox pages (WCAG 2.2.1): shown a few minutes before the
// server ends an idle session, with a button that renews it without leaving the page,
// so nothing the patient is writing is lost. The server decides; this only keeps time.
// Served as a file from our origin: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var warning = document.getElementById("innboks-session-warning");
  if (!warning) {
    return;
  }
  var button = warning.querySelector("button");
  var soon = warning.querySelectorAll(".innboks-session-soon");
  var ended = warning.querySelector(".innboks-session-ended");
  var warningSeconds = Number(warning.dataset.warningSeconds);
  var timers = [];
  var focusBefore = null;

  function schedule(secondsLeft) {
    timers.forEach(clearTimeout);
    timers = [
      setTimeout(show, Math.max(0, secondsLeft - warningSeconds) * 1000),
      setTimeout(end, Math.max(0, secondsLeft) * 1000),
    ];
  }

  // An alert only while shown: screen readers announce it when it appears, and the
  // page's own alerts (a refused form's) stay the only ones otherwise.
  function announce() {
    warning.setAttribute("role", "alert");
    warning.hidden = false;
  }

  function show() {
    // Where the patient is (writing, most likely), to go back there afterwards.
    focusBefore = document.activeElement;
    announce();
  }

  function end() {
    timers.forEach(clearTimeout);
    soon.forEach(function (element) { element.hidden = true; });
    ended.hidden = false;
    warning.hidden = true;
    announce();
  }

  button.addEventListener("click", function () {
    fetch(warning.dataset.renewUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": warning.dataset.csrfToken, Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("signed out");
        }
        return response.json();
      })
      .then(function (body) {
        warning.hidden = true;
        warning.removeAttribute("role");
        schedule(body.seconds_left);
        // Back to where the patient was writing, not to the top of the page.
        if (focusBefore && focusBefore !== document.body && document.contains(focusBefore)) {
          focusBefore.focus();
        }
      })
      .catch(end);
  });

  schedule(Number(warning.dataset.secondsLeft));
})();
