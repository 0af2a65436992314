// A job's page while it runs: asks its state every few seconds and moves the bar; when the job
// ends (or stops giving news) it loads the page again, which then shows the result or the error.
// Without JavaScript, the page's <noscript> refresh does the same, a whole page at a time.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-polling]");
  if (!box) return;
  var url = box.getAttribute("data-job-status");
  var every = 1000 * (parseFloat(box.getAttribute("data-job-every")) || 2);
  var bar = box.querySelector("[data-job-progress]");
  var percent = box.querySelector("[data-job-percent]");
  var label = box.querySelector("[data-job-label]");
  var note = box.querySelector("[data-job-note]");

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + " %";
    percent.textContent = state.percent + " %";
    label.textContent = state.status_label;
    note.textContent = state.note ? "· " + state.note : "";
  }

  function look() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished || state.stale) {
          window.location.reload();
        } else {
          window.setTimeout(look, every);
        }
      })
      .catch(function () {
        window.setTimeout(look, every * 2);
      });
  }

  window.setTimeout(look, every);
})();
