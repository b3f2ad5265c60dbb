import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Model output is untrusted: markdown is rendered by marked and then sanitised by DOMPurify
 * before it reaches the DOM. Links open in a new tab with no opener and no referrer, and only
 * http(s) and mailto links survive.
 */
const purifier = DOMPurify(window);
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (!/^(https?:|mailto:)/i.test(href)) node.removeAttribute('href');
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
  if (node.tagName === 'IMG') node.remove();
});

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: false });
  return purifier.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'img', 'svg'] });
}

/** Wraps the given spans of plain text in <mark>, escaping everything else. */
export function highlight(text: string, spans: { start: number; end: number; why: string }[]): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue;
    out += esc(text.slice(at, s.start)) + `<mark title="${esc(s.why)}">${esc(text.slice(s.start, s.end))}</mark>`;
    at = s.end;
  }
  return out + esc(text.slice(at));
}
