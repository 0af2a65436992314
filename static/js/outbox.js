/* Sigap officer pages: the service worker, the count of reports kept on this phone, the report
   forms going through the outbox (outbox-store.js), and the outbox page.

   A new report is put in the outbox before anything is sent, with its photo shrunk on the phone,
   then sent at once when there is signal; without signal it waits, and the form is free for the
   next report. The same form opens a kept report again (#outbox=<client id>) with every field as
   it was, next to the server's reasons when it was refused. Without this file (or JavaScript)
   the forms post as usual; every step here is one the server would also accept without it. */
(function () {
  "use strict";
  var meta = document.querySelector("meta[name=sigap-officer]");
  var store = window.SigapOutbox;
  if (!meta || !store || !window.indexedDB) {
    return;
  }
  var officer = meta.content;
  var tokenUrl = meta.getAttribute("data-token");
  var PHOTO_SIDE = 1600;
  var PHOTO_TARGET = 400 * 1024;
  var retryDelay = 15000;
  var retryTimer = null;

  /* --- the service worker ---------------------------------------------------------------- */
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(meta.getAttribute("data-worker"), {
      scope: "/",
      updateViaCache: "none"
    }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // Keep this officer's pages now, so a form opens later with no network.
      if (registration.active && navigator.onLine) {
        registration.active.postMessage({ type: "warm", key: officer });
      }
    }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "sync") {
        trySync();
      }
    });
  }
  var logout = document.querySelector("form.logout");
  if (logout) {
    logout.addEventListener("submit", function () {
      // The worker also forgets the kept pages when the login page opens; this covers a logout
      // whose answer is lost.
      var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (worker) {
        worker.postMessage({ type: "forget" });
      }
    });
  }

  function registerBackgroundSync() {
    if (!("serviceWorker" in navigator)) {
      return;
    }
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.sync && registration.sync.register("sigap-outbox");
    }).catch(function () {});
  }

  /* --- sending ---------------------------------------------------------------------------- */
  function trySync(first) {
    if (!navigator.onLine) {
      return Promise.resolve({ state: "offline", sent: {}, refused: {} });
    }
    return store.sync({ tokenUrl: tokenUrl, first: first }).then(function (result) {
      clearTimeout(retryTimer);
      if (result.state === "offline" || result.state === "error") {
        // Weak signal: the phone says online but the server is not reached. Try again, less
        // and less often.
        retryTimer = setTimeout(trySync, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 300000);
      } else {
        retryDelay = 15000;
      }
      return result;
    });
  }

  function mine(items) {
    return items.filter(function (item) { return item.user === officer; });
  }

  /* --- the count on every officer page ---------------------------------------------------- */
  var count = document.querySelector("[data-outbox-count]");

  function showCount() {
    if (!count) {
      return;
    }
    store.all().then(function (items) {
      items = mine(items);
      var refused = items.filter(function (item) { return item.state === "refused"; }).length;
      var waiting = items.length - refused;
      var parts = [];
      if (waiting) {
        parts.push(count.getAttribute("data-waiting").replace("{n}", waiting));
      }
      if (refused) {
        parts.push(count.getAttribute("data-refused").replace("{n}", refused));
      }
      count.textContent = parts.join(" · ");
      count.hidden = !parts.length;
      count.classList.toggle("refused", refused > 0);
    });
  }

  /* --- photos: shrunk on the phone before they are kept or sent ----------------------------- */
  function toBlob(canvas, quality) {
    return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", quality); });
  }

  function shrink(file) {
    if (!/^image\//.test(file.type) || typeof createImageBitmap !== "function") {
      return Promise.resolve(file); // the server decides what it is
    }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
      var quality = 0.8;
      var attempt = function (tries) {
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(bitmap.width * scale));
        canvas.height = Math.max(1, Math.round(bitmap.height * scale));
        var context = canvas.getContext("2d");
        context.fillStyle = "#fff"; // transparency becomes white, as the server does
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        return toBlob(canvas, quality).then(function (blob) {
          if (blob.size <= PHOTO_TARGET || tries === 0) {
            return blob;
          }
          if (quality > 0.55) {
            quality -= 0.1;
          } else {
            scale *= 0.8;
          }
          return attempt(tries - 1);
        });
      };
      return attempt(6);
    }).then(function (blob) {
      // A fresh JPEG from the pixels: the camera's EXIF (position, phone) stays on the phone.
      return new File([blob], "foto.jpg", { type: "image/jpeg", lastModified: Date.now() });
    }).catch(function () {
      return file;
    });
  }

  function setFile(input, file) {
    var transfer = new DataTransfer();
    if (file) {
      transfer.items.add(file);
    }
    input.files = transfer.files;
  }

  /* --- the report forms ------------------------------------------------------------------- */
  function newClientId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); });
    return [h.slice(0, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10), h.slice(10)]
      .map(function (part) { return part.join(""); }).join("-");
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function now(type) {
    var d = new Date();
    var day = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
    return type === "date" ? day : day + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function labelOf(input) {
    var label = input.closest("label") || (input.labels && input.labels[0]);
    return label ? label.textContent.trim() : "";
  }

  /* The form's fields as the server would receive them, each choice with the words it showed. */
  function collect(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken" ||
          el.type === "file" || el.type === "submit" || el.type === "button") {
        return;
      }
      if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.selectedOptions, function (option) {
          fields.push({ name: el.name, value: option.value, label: option.textContent.trim() });
        });
      } else if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) {
          fields.push({ name: el.name, value: el.value, label: labelOf(el) });
        }
      } else {
        fields.push({ name: el.name, value: el.value });
      }
    });
    return fields;
  }

  function summaryOf(form) {
    var parts = [];
    var area = form.elements.namedItem("area");
    if (area && area.selectedOptions && area.selectedOptions[0]) {
      parts.push(area.selectedOptions[0].textContent.trim());
    }
    var title = form.elements.namedItem("title");
    if (title && title.value) {
      parts.push(title.value);
    }
    var when = form.querySelector("input[data-now]");
    if (when && when.value) {
      parts.push(when.value.replace("T", " "));
    }
    var words = form.querySelector("textarea");
    if (words && words.value.trim()) {
      var text = words.value.trim();
      parts.push(text.length > 60 ? text.slice(0, 60) + "…" : text);
    }
    return parts.join(" · ");
  }

  /* Put every field back as it was kept, choices no longer offered included (marked), so the
     officer sees what they sent and what the server refused. */
  function restore(form, item) {
    var gone = form.getAttribute("data-gone") || "";
    var saved = {};
    item.fields.forEach(function (field) {
      (saved[field.name] = saved[field.name] || []).push(field);
    });
    var values = function (name) {
      return (saved[name] || []).map(function (field) { return field.value; });
    };
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "file" ||
          el.type === "submit" || el.type === "button") {
        return;
      }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values(el.name).indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT") {
        (saved[el.name] || []).forEach(function (field) {
          var known = Array.prototype.some.call(el.options, function (o) { return o.value === field.value; });
          if (!known) {
            el.add(new Option(field.label + " " + gone, field.value));
          }
        });
        Array.prototype.forEach.call(el.options, function (option) {
          option.selected = values(el.name).indexOf(option.value) !== -1;
        });
      } else {
        el.value = values(el.name).length ? values(el.name)[0] : "";
      }
    });
    // A choice among checkboxes no longer offered: put it back, ticked, with its words.
    Object.keys(saved).forEach(function (name) {
      var group = form.querySelector("fieldset[data-name='" + name + "']");
      var boxes = form.querySelectorAll("input[type=checkbox][name='" + name + "']");
      if (!group) {
        return;
      }
      saved[name].forEach(function (field) {
        var present = Array.prototype.some.call(boxes, function (box) { return box.value === field.value; });
        if (!present) {
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox";
          box.name = name;
          box.value = field.value;
          box.checked = true;
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + field.label + " " + gone));
          group.appendChild(label);
        }
      });
    });
    var photo = form.querySelector("input[type=file]");
    if (photo) {
      setFile(photo, item.photo ? new File([item.photo], item.photoName || "foto.jpg", { type: item.photo.type }) : null);
    }
    var where = form.querySelector("[data-geo-status]");
    var latitude = form.elements.namedItem("latitude");
    if (where && latitude) {
      where.textContent = where.getAttribute(latitude.value ? "data-geo-kept" : "data-geo-none");
    }
  }

  function clearReasons(form, box) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-outbox-error]"), function (el) {
      el.remove();
    });
    Array.prototype.forEach.call(form.querySelectorAll(".field.has-error"), function (el) {
      el.classList.remove("has-error");
    });
    if (box) {
      box.hidden = true;
      box.querySelector("[data-outbox-reasons]").textContent = "";
    }
  }

  function reasonText(reason, holder) {
    if (reason.code) {
      return holder.getAttribute("data-code-" + reason.code) || String(reason.code);
    }
    return reason.messages.join(" ");
  }

  /* The server's reasons next to the fields they concern; the others at the top. */
  function showReasons(form, box, reasons) {
    clearReasons(form, box);
    var list = box.querySelector("[data-outbox-reasons]");
    reasons.forEach(function (reason) {
      var input = reason.field && form.querySelector("[name='" + reason.field + "']");
      var field = input && input.type !== "hidden" && input.closest(".field");
      var item = document.createElement("li");
      item.textContent = reasonText(reason, box);
      if (field) {
        var errors = document.createElement("ul");
        errors.className = "errorlist";
        errors.setAttribute("data-outbox-error", "");
        errors.appendChild(item);
        field.appendChild(errors);
        field.classList.add("has-error");
      } else {
        if (reason.label) {
          item.textContent = reason.label + ": " + item.textContent;
        }
        list.appendChild(item);
      }
    });
    box.hidden = false;
    box.scrollIntoView();
  }

  function say(note, key) {
    if (note) {
      note.textContent = key ? note.getAttribute(key) : "";
      note.hidden = !key;
    }
  }

  function reportForm(form) {
    var clientId = form.elements.namedItem("client_id");
    var button = form.querySelector("button[type=submit]");
    var photo = form.querySelector("input[type=file]");
    var note = document.querySelector("[data-outbox-note]");
    var refusedBox = document.querySelector("[data-outbox-refused]");
    var shrinking = null;
    var busy = false;
    var restoredId = null;
    var buttonText = button ? button.textContent : "";

    var setBusy = function (on) {
      busy = on;
      if (button) {
        button.disabled = on;
        button.textContent = on ? button.getAttribute("data-sending") : buttonText;
      }
    };

    if (photo) {
      photo.addEventListener("change", function () {
        var file = photo.files[0];
        if (!file) {
          return;
        }
        shrinking = shrink(file).then(function (small) {
          setFile(photo, small);
        }).then(function () { shrinking = null; });
      });
    }
    window.addEventListener("pageshow", function () { setBusy(false); });

    if (!clientId || !form.hasAttribute("data-outbox")) {
      // A correction posts as usual: once, with its photo shrunk.
      form.addEventListener("submit", function (event) {
        if (busy) {
          event.preventDefault();
          return;
        }
        setBusy(true);
        if (shrinking) {
          event.preventDefault();
          shrinking.then(function () { form.submit(); });
        }
      });
      return;
    }

    // A form kept on the phone was rendered earlier: this report gets its own id and time.
    var fresh = function () {
      clientId.value = newClientId();
      Array.prototype.forEach.call(form.querySelectorAll("input[data-now]"), function (input) {
        input.value = now(input.type);
      });
    };

    var match = /^#outbox=([0-9a-f-]{36})$/.exec(window.location.hash);
    if (match) {
      form.setAttribute("data-position-fixed", ""); // geo.js leaves a kept report's position
      store.get(match[1]).then(function (item) {
        if (!item || item.user !== officer) {
          // Sent meanwhile, or another account's: this form is for a new report.
          say(note, item ? "data-other" : null);
          form.removeAttribute("data-position-fixed");
          fresh();
          document.dispatchEvent(new CustomEvent("sigap:new-report"));
          return;
        }
        restore(form, item);
        restoredId = item.id;
        if (item.status === 409) {
          clientId.value = newClientId(); // the server refused this id itself
        }
        say(note, "data-restored");
        if (item.state === "refused") {
          showReasons(form, refusedBox, item.reasons || []);
        }
      });
    } else {
      fresh();
    }

    var startOver = function () {
      form.reset();
      ["latitude", "longitude", "accuracy_m"].forEach(function (name) {
        var input = form.elements.namedItem(name);
        if (input) {
          input.value = "";
        }
      });
      form.removeAttribute("data-position-fixed");
      restoredId = null;
      fresh();
      clearReasons(form, refusedBox);
      window.history.replaceState(null, "", window.location.pathname);
      document.dispatchEvent(new CustomEvent("sigap:new-report"));
      window.scrollTo(0, 0);
    };

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) {
        return; // a second tap while the first is being kept or sent
      }
      setBusy(true);
      var file = photo && photo.files[0];
      var item = {
        id: clientId.value,
        user: officer,
        kind: form.getAttribute("data-kind"),
        action: window.location.pathname,
        fields: collect(form),
        photoField: photo ? photo.name : null,
        photo: null,
        photoName: null,
        summary: summaryOf(form),
        created: Date.now(),
        state: "waiting"
      };
      (shrinking || Promise.resolve()).then(function () {
        file = photo && photo.files[0];
        if (file) {
          item.photo = new Blob([file], { type: file.type });
          item.photoName = file.name;
        }
        return store.put(item);
      }).then(function () {
        if (restoredId && restoredId !== item.id) {
          return store.remove(restoredId); // kept again under a new id (the server refused the old)
        }
      }).then(function () {
        registerBackgroundSync();
        return trySync(item.id);
      }).then(function (result) {
        if (result.sent[item.id]) {
          window.location.assign(result.sent[item.id]);
          return;
        }
        setBusy(false);
        if (result.refused[item.id]) {
          restoredId = item.id;
          window.history.replaceState(null, "", "#outbox=" + item.id);
          item.state = "refused";
          say(note, null);
          showReasons(form, refusedBox, result.refused[item.id]);
          return;
        }
        startOver();
        say(note, result.state === "login" ? "data-login" : "data-kept");
      }, function () {
        setBusy(false); // the phone's storage failed: the form still posts without the outbox
        form.submit();
      });
    });
  }

  /* --- the outbox page -------------------------------------------------------------------- */
  function outboxPage(list) {
    var template = document.querySelector("template[data-outbox-item]");
    var empty = document.querySelector("[data-outbox-empty]");
    var statusLine = document.querySelector("[data-outbox-status]");
    var sendButton = document.querySelector("[data-outbox-send]");
    var login = document.querySelector("[data-outbox-login]");

    var render = function () {
      Promise.all([store.all(), store.status()]).then(function (both) {
        var items = mine(both[0]);
        var others = both[0].length - items.length;
        list.textContent = "";
        items.forEach(function (item) {
          var row = template.content.firstElementChild.cloneNode(true);
          var slot = function (name) { return row.querySelector("[data-slot=" + name + "]"); };
          slot("title").textContent = list.getAttribute("data-kind-" + item.kind) || item.kind;
          slot("summary").textContent = item.summary;
          slot("state").textContent = list.getAttribute(
            item.state === "refused" ? "data-refused" : "data-waiting"
          );
          slot("state").className = item.state === "refused" ? "warn" : "muted";
          (item.reasons || []).forEach(function (reason) {
            var li = document.createElement("li");
            li.textContent = (reason.label ? reason.label + ": " : "") + reasonText(reason, list);
            slot("reasons").appendChild(li);
          });
          slot("fix").href = item.action + "#outbox=" + item.id;
          if (item.state !== "refused") {
            slot("fix").textContent = list.getAttribute("data-open");
          }
          slot("discard").addEventListener("click", function () {
            if (window.confirm(list.getAttribute("data-confirm"))) {
              store.remove(item.id);
            }
          });
          row.setAttribute("data-id", item.id);
          row.setAttribute("data-state", item.state);
          list.appendChild(row);
        });
        empty.hidden = items.length > 0;
        var waiting = items.some(function (item) { return item.state !== "refused"; });
        sendButton.hidden = !waiting;
        var line = [];
        if (waiting && !navigator.onLine) {
          line.push(statusLine.getAttribute("data-offline"));
        } else if (waiting && both[1] === "login") {
          line.push(statusLine.getAttribute("data-login"));
        }
        if (others) {
          line.push(statusLine.getAttribute("data-others").replace("{n}", others));
        }
        statusLine.textContent = line.join(" ");
        statusLine.hidden = !line.length;
        if (login) {
          login.hidden = !(waiting && both[1] === "login");
        }
      });
    };
    sendButton.addEventListener("click", function () {
      var text = sendButton.textContent;
      sendButton.disabled = true;
      sendButton.textContent = sendButton.getAttribute("data-sending");
      trySync().then(function () {
        sendButton.disabled = false;
        sendButton.textContent = text;
      });
    });
    store.onChange(render);
    window.addEventListener("online", render);
    window.addEventListener("offline", render);
    render();
  }

  /* --- start ------------------------------------------------------------------------------ */
  store.onChange(showCount);
  showCount();
  Array.prototype.forEach.call(document.querySelectorAll("form.report-form"), reportForm);
  var list = document.querySelector("[data-outbox-list]");
  if (list) {
    outboxPage(list);
  }
  window.addEventListener("online", function () { trySync(); });
  trySync();
})();
