import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

// Ask the browser not to evict the workspace under storage pressure; it may say no.
void navigator.storage?.persist?.();

export default mount(App, { target: document.getElementById('app')! });
