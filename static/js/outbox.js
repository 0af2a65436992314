/* Sigap outbox: when a field report cannot be sent for lack of network, keep it on this phone
   (localStorage) and send it again when the network is back, with the same client id, so the
   server stores it once however many times it arrives. Without this file the form posts as
   usual. A report with a photo is not kept (too large for localStorage): the phone's own
   "retry" resends it, again with the same client id. */
(function () {
  "use strict";
  var KEY = "sigap-outbox";
  var status = document.querySelector("[data-outbox-status]");

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY)) || [];
    } catch (e) {
      return [];
    }
  }

  function store(items) {
    window.localStorage.setItem(KEY, JSON.stringify(items));
    show(items);
  }

  function show(items) {
    if (!status) {
      return;
    }
    var waiting = items.filter(function (i) { return !i.refused; }).length;
    var refused = items.length - waiting;
    var text = "";
    if (waiting) {
      text = status.getAttribute("data-waiting").replace("{n}", waiting);
    }
    if (refused) {
      text += " " + status.getAttribute("data-refused").replace("{n}", refused);
    }
    status.textContent = text;
    status.hidden = !text;
  }

  function post(action, fields) {
    var body = new URLSearchParams();
    fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return fetch(action, { method: "POST", body: body, credentials: "same-origin" });
  }

  function stored(response, action) {
    // Success is the redirect to the stored report; a login page or the form again is not.
    var path = new URL(response.url).pathname;
    return response.ok && response.redirected && path !== new URL(action).pathname &&
      path.indexOf("/masuk/") !== 0;
  }

  function flush() {
    var items = load();
    var pending = items.filter(function (i) { return !i.refused; });
    if (!pending.length || !navigator.onLine) {
      show(items);
      return;
    }
    var chain = Promise.resolve();
    pending.forEach(function (item) {
      chain = chain.then(function () {
        return post(item.action, item.fields).then(function (response) {
          var now = load();
          var kept = now.filter(function (i) { return i.id !== item.id; });
          if (!stored(response, item.action)) {
            item.refused = true; // refused by a rule: the officer opens the form to correct it
            kept.push(item);
          }
          store(kept);
        });
      });
    });
    chain.catch(function () { show(load()); }); // still offline: try again later
  }

  function restoreRefused(form) {
    var action = new URL(form.action, window.location.href).href;
    var items = load();
    var item = items.filter(function (i) { return i.refused && i.action === action; })[0];
    if (!item || form.querySelector("input[name=client_id]") === null) {
      return;
    }
    item.fields.forEach(function (pair) {
      var el = form.elements.namedItem(pair[0]);
      if (el && el.type === "checkbox") {
        el.checked = true;
      } else if (el && el.length === undefined && el.type !== "file") {
        el.value = pair[1];
      }
    });
    store(items.filter(function (i) { return i !== item; }));
  }

  function newClientId() {
    // A UUID v4 from getRandomValues (randomUUID needs HTTPS, which a test server may lack).
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); });
    return [h.slice(0, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10), h.slice(10)]
      .map(function (part) { return part.join(""); }).join("-");
  }

  var form = document.querySelector("form[data-outbox]");
  if (form) {
    restoreRefused(form);
    form.addEventListener("submit", function (event) {
      var photo = form.querySelector("input[type=file]");
      var clientId = form.elements.namedItem("client_id");
      if ((photo && photo.files.length) || !clientId) {
        return; // a photo, or a correction: the form posts as usual
      }
      event.preventDefault();
      var fields = [];
      new FormData(form).forEach(function (value, name) {
        if (typeof value === "string") {
          fields.push([name, value]);
        }
      });
      var action = new URL(form.action, window.location.href).href;
      var keep = function () {
        var items = load();
        items.push({ id: clientId.value, action: action, fields: fields });
        store(items);
        // The form is free for the next report, under a new client id.
        form.reset();
        clientId.value = newClientId();
        window.scrollTo(0, 0);
      };
      if (!navigator.onLine) {
        keep();
        return;
      }
      post(action, fields).then(function (response) {
        if (!stored(response, action)) {
          form.submit(); // refused by a rule: post again (same client id) to show the errors
          return;
        }
        // Show the page the redirect led to (it carries the one-time "saved" message).
        return response.text().then(function (html) {
          window.history.replaceState(null, "", response.url);
          document.open();
          document.write(html);
          document.close();
        });
      }, keep);
    });
  }
  window.addEventListener("online", flush);
  flush();
})();
