import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Model output is untrusted: markdown is rendered by marked and then sanitised by DOMPurify
 * before it reaches the DOM. Links open in a new tab with no opener and no referrer, and only
 * http(s) and mailto links survive.
 *
 * An allowlist rather than DOMPurify's default HTML profile: that profile keeps markup that runs
 * no script yet still reaches out or takes over the page when shown: `style` (url() beacons, a
 * fixed overlay across the app), `background` on tables, `video`/`audio`/`source` with remote
 * `src` or `poster`, `id`/`name` (DOM clobbering) and `class` (dressing text up as the app's own
 * notices). tests/e2e/xss.spec.ts holds the corpus this is checked against.
 */
const ALLOWED_TAGS = [
  ...['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'ul', 'ol', 'li', 'dl', 'dt', 'dd'],
  ...['table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'details', 'summary', 'div', 'span'],
  ...['a', 'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'kbd', 'abbr', 'cite', 'q'],
];
/** marked writes `align` on table cells and `start` on ordered lists; links and abbreviations carry `title`. */
const ALLOWED_ATTR = ['href', 'title', 'align', 'start', 'colspan', 'rowspan'];

const purifier = DOMPurify(window);
purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (!/^(https?:|mailto:)/i.test(href)) node.removeAttribute('href');
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: false });
  return purifier.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false });
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
