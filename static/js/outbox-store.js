/* Sigap outbox: the reports kept on this phone (IndexedDB) and their sending. Loaded by the
   officer's pages (outbox.js) and by the service worker (sw.js, for Background Sync), so that
   both send the same way:
   - one sending at a time across every tab and the worker (Web Locks), so a report is uploaded
     once per attempt however many tabs are open;
   - with a fresh CSRF token fetched just before, so a new login or an expired session between
     writing and sending does not refuse it;
   - under the client id it was written with, so the server stores it once however often it
     arrives (a lost answer, a retry);
   - only the reports of the officer signed in now (each is kept with the key of its writer);
   - a report leaves the phone only when the server answers with its id. A refusal keeps it,
     with the server's reasons, for the officer to correct. */
(function (root) {
  "use strict";
  var DB_NAME = "sigap";
  var ITEMS = "outbox";
  var META = "meta";
  var LOCK = "sigap-outbox";
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("sigap-outbox") : null;
  var opening = null;
  var listeners = [];

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(ITEMS, { keyPath: "id" });
          request.result.createObjectStore(META);
        };
        request.onsuccess = function () {
          var db = request.result;
          db.onversionchange = function () { db.close(); opening = null; };
          resolve(db);
        };
        request.onerror = function () { opening = null; reject(request.error); };
      });
    }
    return opening;
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var request = work(tx.objectStore(store));
        tx.oncomplete = function () { resolve(request ? request.result : undefined); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function changed() {
    if (channel) { channel.postMessage("changed"); }
    listeners.forEach(function (listener) { listener(); });
  }

  function all() {
    return run(ITEMS, "readonly", function (s) { return s.getAll(); }).then(function (items) {
      return items.sort(function (a, b) { return a.created - b.created; });
    });
  }

  function get(id) {
    return run(ITEMS, "readonly", function (s) { return s.get(id); });
  }

  function put(item) {
    return run(ITEMS, "readwrite", function (s) { return s.put(item); }).then(changed);
  }

  function remove(id) {
    return run(ITEMS, "readwrite", function (s) { return s.delete(id); }).then(changed);
  }

  function status() {
    return run(META, "readonly", function (s) { return s.get("status"); }).then(function (value) {
      return value || "ok";
    });
  }

  function setStatus(value) {
    return run(META, "readwrite", function (s) { return s.put(value, "status"); });
  }

  /* Who is signed in now, and a token for this session. */
  function session(tokenUrl) {
    return fetch(tokenUrl, {
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 403) {
        return { login: true }; // signed out, or signed in as someone who writes no reports
      }
      if (!response.ok) {
        throw new Error("token " + response.status);
      }
      return response.json();
    });
  }

  function reasonsOf(answer) {
    var labels = answer.labels || {};
    return Object.keys(answer.errors).map(function (name) {
      return { field: name, label: labels[name] || "", messages: answer.errors[name] };
    });
  }

  /* One report, once. "sent" only on the server's confirmation with an id. */
  function send(item, token, confirm) {
    var body = new FormData();
    item.fields.forEach(function (field) { body.append(field.name, field.value); });
    if (item.photo) {
      body.append(item.photoField, item.photo, item.photoName || "foto.jpg");
    }
    var headers = { "X-CSRFToken": token, Accept: "application/json" };
    if (confirm) {
      headers["X-Sigap-Confirm"] = "1";
    }
    return fetch(item.action, {
      method: "POST",
      body: body,
      headers: headers,
      credentials: "same-origin",
      redirect: "manual"
    }).then(function (response) {
      if (response.type === "opaqueredirect") {
        return { outcome: "login" };
      }
      return response.json().catch(function () { return null; }).then(function (answer) {
        if ((response.status === 200 || response.status === 201) && answer && answer.id) {
          return { outcome: "sent", url: answer.url };
        }
        if (answer && answer.errors) {
          return { outcome: "refused", status: response.status, reasons: reasonsOf(answer) };
        }
        if (response.status === 413 || (response.status === 403 && !(answer && answer.error))) {
          // Too large for the server, or a role that may not write reports: sending it again
          // changes nothing.
          return { outcome: "refused", status: response.status, reasons: [{ code: response.status }] };
        }
        // A refused token (a session that changed since the token was fetched), a server error,
        // or a page that is not our server's (a captive portal): try again later.
        return { outcome: "retry" };
      });
    });
  }

  function sendAll(options) {
    var result = { state: "ok", sent: {}, refused: {} };
    return all().then(function (items) {
      items = items.filter(function (item) { return item.state !== "refused"; });
      if (!items.length) {
        return result;
      }
      // The report just written goes first: the officer is waiting for it.
      items.sort(function (a, b) { return (b.id === options.first) - (a.id === options.first); });
      return session(options.tokenUrl).then(function (now) {
        if (now.login) {
          result.state = "login";
          return result;
        }
        var chain = Promise.resolve();
        items.forEach(function (item) {
          chain = chain.then(function () {
            if (result.state !== "ok" || item.user !== now.user) {
              return; // stopped, or another account's report: it waits for that account
            }
            return get(item.id).then(function (still) {
              if (!still || still.state === "refused") {
                return; // sent or refused meanwhile (another tab, before this one had the lock)
              }
              return send(still, now.csrfToken, still.id === options.first).then(function (answer) {
                if (answer.outcome === "sent") {
                  result.sent[still.id] = answer.url;
                  return remove(still.id);
                }
                if (answer.outcome === "refused") {
                  still.state = "refused";
                  still.status = answer.status;
                  still.reasons = answer.reasons;
                  result.refused[still.id] = answer.reasons;
                  return put(still);
                }
                result.state = answer.outcome === "login" ? "login" : "error";
              });
            });
          });
        });
        return chain.then(function () { return result; });
      });
    }).catch(function () {
      result.state = "offline"; // no network, or it dropped mid-way: the rest waits
      return result;
    }).then(function (done) {
      return setStatus(done.state).then(function () {
        changed();
        return done;
      });
    });
  }

  /* Send every waiting report of the signed-in officer; options.tokenUrl, options.first (the
     id of the report to send first, whose page shows the usual confirmation). */
  function sync(options) {
    options = options || {};
    var locks = root.navigator && root.navigator.locks;
    if (locks && locks.request) {
      return locks.request(LOCK, function () { return sendAll(options); });
    }
    return sendAll(options);
  }

  root.SigapOutbox = {
    all: all,
    get: get,
    put: put,
    remove: remove,
    status: status,
    sync: sync,
    onChange: function (listener) {
      listeners.push(listener);
      if (channel) {
        channel.addEventListener("message", listener);
      }
    }
  };
})(self);
