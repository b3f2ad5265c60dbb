/**
 * Iatroscope's service worker: the app shell and everything that needs no remote model keep
 * working with the network off.
 *
 * Hand-written rather than generated (vite-plugin-pwa / Workbox are not dependencies here, and
 * the job is small): `precache` in vite.config.ts fills in BUILD, PRECACHE and RUNTIME_ONLY
 * when the app is built. In dev nothing registers this file.
 *
 * - Precached at install: every built file except source maps and the web-llm chunks.
 * - RUNTIME_ONLY (the web-llm chunks, ~6 MB each) are needed only for in-browser models, so
 *   they are cached the first time they are fetched; web-llm keeps the weights in its own
 *   caches, so a model used once keeps working offline.
 * - Built assets (hashed names, never change): cache first.
 * - The page itself: network first, so a new build shows up at once; the cached copy offline.
 * - Cross-origin requests (provider APIs, model downloads, local servers on another port) are
 *   never touched.
 */
const BUILD = 'dev';
const PRECACHE = [];
const RUNTIME_ONLY = [];

const PREFIX = 'iatroscope-';
const SHELL = `${PREFIX}shell-${BUILD}`;
/** Kept across builds so a web-llm chunk cached once survives updates that leave it unchanged. */
const RUNTIME = `${PREFIX}runtime`;
const scope = new URL(self.registration.scope);
const INDEX = new URL('index.html', scope).href;
const abs = (path) => new URL(path, scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await cache.addAll([INDEX, ...PRECACHE.map(abs)]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Only our own caches: web-llm keeps model weights in caches of its own.
      for (const key of await caches.keys()) if (key.startsWith(PREFIX) && key !== SHELL && key !== RUNTIME) await caches.delete(key);
      const keep = new Set([...PRECACHE, ...RUNTIME_ONLY].map(abs));
      const runtime = await caches.open(RUNTIME);
      for (const req of await runtime.keys()) if (!keep.has(req.url)) await runtime.delete(req);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== scope.origin || !url.href.startsWith(scope.href)) return;
  if (req.mode === 'navigate' || url.href === INDEX || url.href === scope.href) {
    event.respondWith(networkFirst(req));
  } else if (url.pathname.endsWith('.map') || url.pathname.endsWith('/sw.js')) {
    return;
  } else {
    event.respondWith(cacheFirst(event));
  }
});

async function networkFirst(req) {
  const cache = await caches.open(SHELL);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put(INDEX, res.clone());
    return res;
  } catch (err) {
    const cached = await cache.match(INDEX);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(event) {
  const req = event.request;
  const cached = await caches.match(req);
  if (cached) return cached;
  const res = await fetch(req);
  // Partial (range) and error responses are not worth keeping.
  if (res.status === 200 && res.type === 'basic') {
    const copy = res.clone();
    event.waitUntil(caches.open(RUNTIME).then((c) => c.put(req, copy)));
  }
  return res;
}
