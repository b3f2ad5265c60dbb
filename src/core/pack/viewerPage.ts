import type { EvidencePack } from './format';
import { sha256Base64 } from './hash';
import type { ViewerData } from './viewerData';
import { VIEWER_SCRIPT, VIEWER_STYLE } from './viewerScript';

/**
 * JSON to embed in a `<script type="application/json">`: every `<` becomes `\u003c` (which
 * JSON.parse reads back as `<`), so no text in the pack can close the tag or open a comment.
 * U+2028 and U+2029 are escaped too, for readers that take the block as JavaScript.
 */
export function jsonForScriptTag(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The self-contained viewer page: the pack and its analysis embedded as JSON, and a small inline
 * script that renders them. It opens from disk with no server; its Content-Security-Policy allows
 * only its own script and style (by hash) and no network at all.
 */
export async function packViewerHtml(pack: EvidencePack, data: ViewerData): Promise<string> {
  const [scriptHash, styleHash] = await Promise.all([sha256Base64(VIEWER_SCRIPT), sha256Base64(VIEWER_STYLE)]);
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    `style-src 'sha256-${styleHash}'`,
    "connect-src 'none'",
    "img-src 'none'",
    "font-src 'none'",
    "media-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Evidence pack</title>
<style>${VIEWER_STYLE}</style>
</head>
<body>
<a class="skip" href="#responses">Skip to the responses</a>
<header>
<h1>Evidence pack</h1>
<div id="about"></div>
<p>Every response below is shown with the exact request that produced it and every score given to it. To check that nothing was changed, run <code>npm run cli -- verify</code> on the pack file; this page embeds the same pack.</p>
</header>
<main>
<section aria-labelledby="analysis-title">
<h2 id="analysis-title">Analysis</h2>
<div id="analysis-body"></div>
</section>
<section id="responses" aria-labelledby="responses-title">
<h2 id="responses-title">Responses</h2>
<div class="filters" role="search">
<div class="field"><label for="search">Search answers, cases, framings and models</label><input id="search" type="search" autocomplete="off"></div>
<div class="field"><label for="filter-case">Case</label><select id="filter-case"><option value="">All cases</option></select></div>
<div class="field"><label for="filter-framing">Framing</label><select id="filter-framing"><option value="">All framings</option></select></div>
<div class="field"><label for="filter-model">Model</label><select id="filter-model"><option value="">All models</option></select></div>
</div>
<p id="count" role="status" aria-live="polite"></p>
<div id="response-list"></div>
</section>
</main>
<noscript><p>This page needs JavaScript to show the pack. The pack itself is in the page source, in the script element with id "pack-data".</p></noscript>
<script type="application/json" id="pack-data">${jsonForScriptTag(pack)}</script>
<script type="application/json" id="view-data">${jsonForScriptTag(data)}</script>
<script>${VIEWER_SCRIPT}</script>
</body>
</html>
`;
}
