import { mount } from 'svelte';
import { z } from 'zod';
import App from './App.svelte';
import './app.css';

// zod probes for eval to compile fast validators; the CSP forbids eval, so tell it not to try.
z.config({ jitless: true });

// Ask the browser not to evict the workspace under storage pressure; it may say no.
void navigator.storage?.persist?.();

// The service worker (public/sw.js) keeps the built app working offline. Only built files are
// worth caching, and browsers allow service workers only on secure contexts.
if (import.meta.env.PROD && window.isSecureContext && 'serviceWorker' in navigator) {
  addEventListener('load', () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((err: unknown) => console.warn('Offline support is unavailable:', err));
  });
}

export default mount(App, { target: document.getElementById('app')! });
