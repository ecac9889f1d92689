// The app's service worker (go-app's ServiceWorkerTemplate). Unlike go-app's
// own, it does not fetch app.wasm when it installs: on the first visit the
// page is downloading it already, and a second download of megabytes slows
// that visit down. It takes app.wasm from the HTTP cache when it is there,
// and otherwise keeps the copy it fetches for the page on the next visit.
const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const isWasm = (url) => new URL(url, self.location).pathname.endsWith(".wasm");

// Only the app's own files go through the worker. Calls to Cognito or the
// local pool, the JWKS and the hosted UI go to the network as they would
// with no worker: a worker in their way adds a round trip through it to
// every request. Static routes (ServiceWorker static routing) skip the
// worker for them without waking it; where the browser has none, the fetch
// handler lets them by.
const isOwnFile = (request) => request.method === "GET" && new URL(request.url).origin === self.location.origin;
const ownOrigin = new URLPattern({
  protocol: self.location.protocol.slice(0, -1),
  hostname: self.location.hostname,
  port: self.location.port,
});

self.addEventListener("install", (event) => {
  try {
    event.addRoutes?.([
      { condition: { not: { urlPattern: ownOrigin } }, source: "network" },
      { condition: { not: { requestMethod: "GET" } }, source: "network" },
    ]).catch(() => {}); // a browser without these conditions keeps the fetch handler's check
  } catch {}
  event.waitUntil(
    caches.open(cacheName).then(async (cache) => {
      await cache.addAll(resourcesToCache.filter((url) => !isWasm(url)));
      await Promise.all(
        resourcesToCache.filter(isWasm).map(async (url) => {
          try {
            const response = await fetch(url, { cache: "only-if-cached", mode: "same-origin" });
            if (response.ok) await cache.put(url, response);
          } catch {} // not downloaded yet: kept on first use
        })
      );
      await self.skipWaiting();
    })
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) =>
      Promise.all(keys.filter((key) => key !== cacheName).map((key) => caches.delete(key)))
    )
  );
});

self.addEventListener("fetch", (event) => {
  if (!isOwnFile(event.request)) return;
  event.respondWith(
    caches.match(event.request).then(async (cached) => {
      if (cached) return cached;
      const response = await fetch(event.request);
      if (event.request.method === "GET" && response.ok && isWasm(event.request.url)) {
        const copy = response.clone();
        event.waitUntil(caches.open(cacheName).then((cache) => cache.put(event.request, copy)));
      }
      return response;
    })
  );
});
