/* Sigap: fill a visit form's hidden latitude, longitude and accuracy from the phone's GPS.
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
  var say = function (key, extra) {
    if (status && status.getAttribute(key)) {
      status.textContent = status.getAttribute(key) + (extra || "");
    }
  };
  if (!field("latitude") || field("latitude").value) {
    return; /* a correction keeps the position recorded at the visit */
  }
  say("data-geo-waiting");
  navigator.geolocation.getCurrentPosition(
    function (position) {
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
})();
