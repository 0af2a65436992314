/* Sigap: fill a visit form's hidden latitude, longitude and accuracy from the phone's GPS.
   A new visit is located when its form opens (and again for the next one, after a visit was kept
   on the phone). A correction keeps the position recorded with the visit, unless the officer
   ticks "record my current position"; a report reopened from the phone's outbox keeps its own.
   The form works without this file: the position is simply not recorded. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-geo]");
  if (!form || !navigator.geolocation) {
    return;
  }
  var status = form.querySelector("[data-geo-status]");
  var field = function (name) {
    return form.querySelector("input[name=" + name + "]");
  };
  var asked = field("record_position");
  var correcting = !field("client_id");
  var say = function (key, extra) {
    if (status && status.getAttribute(key)) {
      status.textContent = status.getAttribute(key) + (extra || "");
    }
  };
  var wanted = function () {
    if (form.hasAttribute("data-position-fixed")) {
      return false;
    }
    return correcting ? Boolean(asked && asked.checked) : true;
  };
  var locate = function () {
    if (!field("latitude") || !wanted()) {
      return;
    }
    say("data-geo-waiting");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        if (!wanted()) {
          return; // reopened from the outbox, or unticked, while the phone was looking
        }
        var c = position.coords;
        field("latitude").value = c.latitude.toFixed(6);
        field("longitude").value = c.longitude.toFixed(6);
        field("accuracy_m").value = Math.round(c.accuracy);
        say("data-geo-done", " (±" + Math.round(c.accuracy) + " m)");
      },
      function () {
        say("data-geo-failed");
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
    );
  };
  if (correcting) {
    if (asked) {
      asked.addEventListener("change", locate);
    }
    return;
  }
  document.addEventListener("sigap:new-report", locate);
  if (!field("latitude").value) {
    locate();
  }
})();
