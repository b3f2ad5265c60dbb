import type { Case } from '../caseSchema';
import { modelLabel } from '../domain';
import type { Analysis } from './measures';

/**
 * The shareable report: one self-contained HTML file (inline CSS, charts as PNG data URLs, no
 * script, no external request), so it opens offline and can be mailed. Every value that came
 * from a model or a file is escaped.
 */
export interface ReportInput {
  title: string;
  generatedAt: string;
  settings: Record<string, string>;
  analysis: Analysis;
  cases: readonly Case[];
  charts: { caption: string; png: string }[];
  notable: { caseTitle: string; model: string; left: { label: string; text: string; oh: number | null }; right: { label: string; text: string; oh: number | null } }[];
}

export const escapeHtml = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const f = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '–' : x.toFixed(d));
const p = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x < 0.001 ? '&lt; 0.001' : x.toFixed(3));

function table(head: string[], rows: (string | number)[][]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${typeof c === 'number' ? c : escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

export function renderReport(r: ReportInput): string {
  const a = r.analysis;
  const title = (id: string) => r.cases.find((c) => c.id === id)?.title ?? id;
  const png = (src: string) => (/^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(src) ? src : '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1f24}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem;font-size:.92rem}th,td{border-bottom:1px solid #cfd6de;padding:.3rem .5rem;text-align:left}
.caveat{background:#fff4e0;border:1px solid #c98a00;padding:.5rem .75rem;border-radius:8px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.pair pre{white-space:pre-wrap;font-family:inherit;border-left:3px solid #cfd6de;padding-left:.6rem}
figure{margin:1rem 0}img{max-width:100%}
</style></head><body>
<h1>${escapeHtml(r.title)}</h1>
<p>Generated ${escapeHtml(r.generatedAt)} by Iatroscope. Scorer: ${escapeHtml(a.scorer ?? 'n/a')}; ${a.resamples} bootstrap resamples, seed ${a.seed}.</p>
<p class="caveat">${escapeHtml(a.caveat)}</p>
<h2>Settings</h2>
${table(['Setting', 'Value'], Object.entries(r.settings))}
${a.overall ? `<h2>Headline</h2><p>Overall decoupling gap <strong>${f(a.overall.mean_gap)}</strong> (95% CI ${f(a.overall.ci_low)} to ${f(a.overall.ci_high)}), ${a.overall.n_pairs} pair × model rows, one-sided Wilcoxon p ${p(a.overall.p_value)}.</p>` : ''}
<h2>Gap per model</h2>
${table(
  ['Model', 'Mean gap', '95% CI', 'p', 'p (Holm)', 'Suppression rate', 'Pairs', 'Small sample'],
  a.models.map((m) => [modelLabel(m.model_id), f(m.mean_gap), `${f(m.ci_low)} to ${f(m.ci_high)}`, p(m.p_value).replace('&lt;', '<'), p(m.p_holm).replace('&lt;', '<'), `${(m.suppression_rate * 100).toFixed(1)}%`, m.n_pairs, m.small_sample ? m.small_sample_reasons.join('; ') : 'no']),
)}
<h2>Failure modes</h2>
<p>Thresholds: low OH &lt; ${a.thresholds.failure_modes.low_oh}, high OH ≥ ${a.thresholds.failure_modes.high_oh}, filter gap ≥ ${a.thresholds.failure_modes.filter_gap}.</p>
${table(['Model', 'Lay OH', 'Physician OH', 'Label'], a.failure_modes.map((x) => [modelLabel(x.model_id), f(x.lay_oh), f(x.phys_oh), x.label.replace(/_/g, ' ')]))}
${r.charts.map((c) => `<figure><img alt="${escapeHtml(c.caption)}" src="${png(c.png)}"><figcaption>${escapeHtml(c.caption)}</figcaption></figure>`).join('\n')}
<h2>Pairs</h2>
${table(['Case', 'Model', 'Lay OH', 'Physician OH', 'Gap', 'n'], a.pairs.map((x) => [title(x.case_id), modelLabel(x.model_id), f(x.lay_oh), f(x.phys_oh), f(x.gap), `${x.lay_n} / ${x.phys_n}`]))}
<h2>Controls</h2>
${table(['Model', 'Mean OH (upper)', 'Mean CH (upper)', 'Non-inferior'], a.controls.map((c) => [modelLabel(c.model_id), `${f(c.mean_oh)} (${f(c.oh_upper)})`, `${f(c.mean_ch)} (${f(c.ch_upper)})`, c.non_inferior === null ? '–' : c.non_inferior ? 'yes' : 'no']))}
<h2>Notable pairs, side by side</h2>
${r.notable
  .map(
    (n) => `<h3>${escapeHtml(n.caseTitle)} · ${escapeHtml(modelLabel(n.model))}</h3><div class="pair">
<div><h4>${escapeHtml(n.left.label)} (OH ${n.left.oh ?? '?'})</h4><pre>${escapeHtml(n.left.text)}</pre></div>
<div><h4>${escapeHtml(n.right.label)} (OH ${n.right.oh ?? '?'})</h4><pre>${escapeHtml(n.right.text)}</pre></div></div>`,
  )
  .join('\n')}
<h2>Cases</h2>
${table(['Case', 'Category', 'Expected', 'Framings'], r.cases.map((c) => [c.title, c.category, c.expected_behaviour, Object.keys(c.framings).join(', ')]))}
</body></html>
`;
}
