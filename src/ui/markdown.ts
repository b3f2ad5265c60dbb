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

const [START, END] = ['\uE000', '\uE001'];
const MARKERS = /[\uE000\uE001]/;
const MARKERS_ALL = /[\uE000\uE001]/g;
const SANITIZE = { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false };

const purifier = DOMPurify(window);
purifier.addHook('afterSanitizeAttributes', (node) => {
  // Highlight markers belong in text only (renderMarkdownHighlighted), never inside an attribute.
  for (const attr of [...node.attributes]) if (MARKERS.test(attr.value)) node.setAttribute(attr.name, attr.value.replace(MARKERS_ALL, ''));
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (!/^(https?:|mailto:)/i.test(href)) node.removeAttribute('href');
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: false });
  return purifier.sanitize(html, SANITIZE);
}

type Span = { start: number; end: number; why: string };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const ordered = (spans: readonly Span[]) => {
  const out: Span[] = [];
  for (const s of [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start)) if (s.start >= (out.at(-1)?.end ?? 0)) out.push(s);
  return out;
};

/**
 * Markdown with the given spans of the source text in <mark>: markers go into the text at the
 * spans' ends, marked renders it, DOMPurify sanitises it, and the markers become <mark> elements,
 * sanitised again (a span across two paragraphs is cut at the first one's end). Should the
 * sanitiser have had to drop content (a script, an unclosed comment swallowing what follows),
 * the answer is shown as plain text instead (`plain`), so no evidence is hidden from the reader.
 */
export function renderMarkdownHighlighted(text: string, spans: readonly Span[]): { html: string; plain: boolean } {
  // Markers the model wrote itself are replaced, with a character of the same length, so offsets hold.
  const source = text.replace(MARKERS_ALL, '\uFFFD');
  const kept = ordered(spans);
  let marked_ = '';
  let at = 0;
  for (const s of kept) {
    // A span that starts a line starts after its list bullet, number, heading or quote sign, which the marker would otherwise break.
    const lineStart = source.lastIndexOf('\n', s.start - 1) + 1;
    const lead = /^[ \t]*(?:[-*+]|\d{1,9}[.)]|#{1,6}|>)[ \t]+/.exec(source.slice(lineStart, s.end));
    const start = lead && lineStart + lead[0].length > s.start ? Math.min(s.end, lineStart + lead[0].length) : s.start;
    marked_ += source.slice(at, start) + START + source.slice(start, s.end) + END;
    at = s.end;
  }
  marked_ += source.slice(at);
  const clean = purifier.sanitize(marked.parse(marked_, { async: false, gfm: true, breaks: false }), SANITIZE);
  // DOMPurify lists the <body> it parsed into among what it removed; only content dropped from inside counts.
  const dropped = purifier.removed.some((r) => 'element' in r && r.element.nodeName !== 'BODY' && (r.element.textContent ?? '').trim() !== '');
  if (dropped) return { html: highlight(text, spans), plain: true };
  let k = 0;
  const withMarks = clean.replace(MARKERS_ALL, (m) => (m === START ? `<mark title="${esc(kept[k++]?.why ?? '')}">` : '</mark>'));
  return { html: purifier.sanitize(withMarks, SANITIZE), plain: false };
}

/** Wraps the given spans of plain text in <mark>, escaping everything else. */
export function highlight(text: string, spans: readonly Span[]): string {
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
