/* Sigap service worker, served at /sw.js by bhabin/views/offline.py, which puts its settings in
   front of this file as self.SIGAP: the version (a hash of the shell), the shell's addresses,
   the officer's pages, the login page, the header that marks an officer's page.

   - The shell (stylesheet, scripts, icons, offline page) is kept per version; an old version's
     caches are removed when a new worker takes over, which it does at once (a deployment is
     live at the next page load).
   - An officer's pages (home, the report forms with their choices, the outbox) are kept only when
     the server marked them for that officer, in a cache of that officer's. A page marked for
     another officer, a commander's home, or the login page opening (a logout, an expired
     session) drops them: a phone never offers one officer's areas to another, and nothing of a
     Kapolsek or Kasat is ever kept.
   - A page is asked from the network first; a kept officer page answers when there is no
     network or it is too slow; anything else gets the offline page.
   - Background Sync: an open page sends the outbox itself (and shows it); with no page open,
     the worker does (outbox-store.js). Posts are never touched. */
"use strict";
var C = self.SIGAP;
importScripts(C.outboxScript);

var SHELL = "sigap-shell-" + C.version;
var PAGES = "sigap-pages-" + C.version + "-";
var NETWORK_WAIT = 6000; // ms before a kept page answers a slow network
var FRESH_FOR = 10 * 60 * 1000; // ms before a kept page is fetched again in the background
var current = null; // the officer whose pages are kept

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.addAll(C.shell.map(function (url) { return new Request(url, { cache: "reload" }); }));
  }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name !== SHELL && name.indexOf(PAGES) !== 0;
    }).map(function (name) {
      return caches.delete(name);
    }));
  }).then(function () {
    return self.clients.claim();
  }));
});

function pageCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf("sigap-pages-") === 0; });
  });
}

/* The officer whose pages are kept: known in memory, or from the one cache left. */
function whose() {
  if (current) {
    return Promise.resolve(current);
  }
  return pageCaches().then(function (names) {
    if (names.length === 1 && names[0].indexOf(PAGES) === 0) {
      current = names[0].slice(PAGES.length);
    }
    return current;
  });
}

function forget() {
  current = null;
  return pageCaches().then(function (names) {
    return Promise.all(names.map(function (name) { return caches.delete(name); }));
  });
}

function adopt(key) {
  if (current === key) {
    return Promise.resolve();
  }
  current = key;
  return pageCaches().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== PAGES + key; }).map(function (name) {
      return caches.delete(name);
    }));
  });
}

/* The officer a response was marked for, and whether it may be kept ("; transient": it showed a
   one-time message). */
function mark(response) {
  var value = response.headers.get(C.header);
  if (!value) {
    return null;
  }
  var parts = value.split(";");
  return { key: parts[0].trim(), keep: parts.length === 1 };
}

function keep(key, path, response) {
  return adopt(key).then(function () {
    return caches.open(PAGES + key);
  }).then(function (cache) {
    if (current === key) { // not another officer's turn meanwhile
      return cache.put(path, response);
    }
  });
}

/* Fetch the officer's pages not kept yet, or kept a while ago, so that a form opens later with no
   network. Only a response the server marked for this same officer is kept. */
function warm(key) {
  return whose().then(function (kept) {
    return caches.open(PAGES + key).then(function (cache) {
      return Promise.all(C.officerPages.map(function (path) {
        return cache.match(path).then(function (hit) {
          var date = hit && Date.parse(hit.headers.get("date"));
          if (kept === key && date && Date.now() - date < FRESH_FOR) {
            return;
          }
          return fetch(path, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
            var marked = response.ok && mark(response);
            if (marked && marked.key === key && marked.keep) {
              return keep(key, path, response);
            }
          }).catch(function () {});
        });
      }));
    });
  }).then(function () {
    // Opened for nothing (the page claimed a key the server did not confirm): not left behind.
    if (current !== key) {
      return caches.delete(PAGES + key);
    }
  });
}

/* What a page answered over the network teaches about whose pages to keep; `copy` is a copy of
   the response when it is one to keep (only then: an unread copy of a large download would be
   held in memory). */
function learn(path, response, copy) {
  if (response.type === "opaqueredirect") {
    return Promise.resolve(); // to the login page, whose own answer drops the pages
  }
  if (path === C.loginPage && response.ok) {
    return forget();
  }
  var marked = mark(response);
  if (marked) {
    var kept = copy ? keep(marked.key, path, copy) : adopt(marked.key);
    return kept.then(function () { return warm(marked.key); });
  }
  if (response.ok && C.officerPages.indexOf(path) !== -1) {
    return forget(); // someone else's page at an officer's address (a commander's home)
  }
  return Promise.resolve();
}

function keptPage(path) {
  return whose().then(function (key) {
    if (!key || C.officerPages.indexOf(path) === -1) {
      return null;
    }
    return caches.open(PAGES + key).then(function (cache) {
      return cache.match(path, { ignoreSearch: true, ignoreVary: true });
    });
  });
}

function offlinePage() {
  return caches.open(SHELL).then(function (cache) {
    return cache.match(C.offlinePage, { ignoreVary: true });
  }).then(function (page) {
    return page || Response.error();
  });
}

function navigate(event, path) {
  var network = fetch(event.request);
  event.waitUntil(network.then(function (response) {
    var marked = response.ok && mark(response);
    return learn(path, response, marked && marked.keep ? response.clone() : null);
  }).catch(function () {}));
  return keptPage(path).then(function (kept) {
    if (!kept) {
      return network.catch(offlinePage);
    }
    var slow = new Promise(function (resolve) {
      setTimeout(function () { resolve(kept); }, NETWORK_WAIT);
    });
    // A server or gateway error (a weak signal through a proxy) is no better than no network.
    var answered = network.then(function (response) {
      return response.status >= 500 ? kept : response;
    }, function () {
      return kept;
    });
    return Promise.race([answered, slow]);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, url.pathname));
  } else if (C.shell.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.open(SHELL).then(function (cache) {
      return cache.match(url.pathname, { ignoreVary: true });
    }).then(function (hit) {
      return hit || fetch(request);
    }));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "warm" && typeof data.key === "string") {
    event.waitUntil(warm(data.key));
  } else if (data.type === "forget") {
    event.waitUntil(forget());
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag !== "sigap-outbox") {
    return;
  }
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (windows) {
    if (windows.length) {
      windows.forEach(function (client) { client.postMessage({ type: "sync" }); });
      return;
    }
    return self.SigapOutbox.sync({ tokenUrl: C.tokenUrl }).then(function (result) {
      if (result.state === "offline" || result.state === "error") {
        throw new Error(result.state); // the browser tries again later
      }
    });
  }));
});
