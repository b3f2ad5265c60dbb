import { CATEGORIES, type Case } from '../caseSchema';
import { framingLabel, modelLabel, modelLabeller, modelSource, OMISSION_MECHANISM_LABELS } from '../domain';
import type { RunSpec } from '../run/types';
import type { Analysis } from './measures';

/**
 * The shareable report: one self-contained HTML file (inline CSS, charts as PNG data URLs, no
 * script, no external request), so it opens offline and can be mailed. Every value that came
 * from a model or a file is escaped, or rendered by the caller's sanitising markdown renderer.
 */
export interface ReportInput {
  title: string;
  generatedAt: string;
  /** The runs whose answers the report covers; none when it covers imported scores only. */
  runs?: readonly { spec: RunSpec }[];
  /** The versions of the scorer among the verdicts analysed. */
  scorerVersions?: readonly string[];
  analysis: Analysis;
  cases: readonly Case[];
  charts: { caption: string; png: string }[];
  notable: { caseTitle: string; model: string; left: { label: string; text: string; oh: number | null }; right: { label: string; text: string; oh: number | null } }[];
  /**
   * Renders an answer's markdown to sanitised HTML (the page's DOMPurify renderer; core has no
   * DOM). Without one, answers are shown as escaped plain text.
   */
  markdown?: (text: string) => string;
}

export const escapeHtml = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const f = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '–' : x.toFixed(d));
const p = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x < 0.001 ? '< 0.001' : x.toFixed(3));
const words = (id: string) => id.replace(/_/g, ' ');

function table(head: string[], rows: (string | number)[][]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${typeof c === 'number' ? c : escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A heading and its body, or nothing at all when there is nothing to show under it. */
const section = (heading: string, rows: readonly unknown[], body: () => string) => (rows.length ? `<h2>${escapeHtml(heading)}</h2>\n${body()}` : '');

/**
 * A chart's caption as a static file can honour it: sentences that ask the reader to hover,
 * click or open something on screen are dropped, since the report is a picture and no app.
 */
export function staticCaption(caption: string): string {
  const interactive = /\b(hover|tooltip|click|tap|show as text|toggle)/i;
  return (caption.match(/[^.!?]+[.!?]*\s*/g) ?? [])
    .filter((sentence) => !interactive.test(sentence))
    .join('')
    .trim();
}

/** What the report covers: each run with its models (and where they are served) and parameters. */
function runsSection(r: ReportInput): string {
  const runs = r.runs ?? [];
  if (!runs.length) return '<p>The answers come from imported files, not from runs made here; their settings are not recorded.</p>';
  // Here every model is named with its source, shared name or not: this is where a reader checks what was asked.
  const model = (m: RunSpec['models'][number]) => {
    const source = modelSource(m.model_id);
    return source ? `${modelLabel(m.model_id)} (${source})` : modelLabel(m.model_id);
  };
  return table(
    ['Run', 'Started', 'Models (source)', 'Framings', 'Repetitions', 'Temperature', 'Max output tokens'],
    runs.map(({ spec }) => [
      spec.name || spec.id,
      spec.created_at.slice(0, 10),
      spec.models.map(model).join(', '),
      spec.framings.map(framingLabel).join(', '),
      spec.reps,
      spec.params.temperature,
      spec.params.max_tokens,
    ]),
  );
}

function answer(r: ReportInput, side: { label: string; text: string; oh: number | null }): string {
  const body = r.markdown ? `<div class="answer">${r.markdown(side.text)}</div>` : `<pre>${escapeHtml(side.text)}</pre>`;
  return `<div><h4>${escapeHtml(side.label)} (OH ${side.oh ?? '?'})</h4>${body}</div>`;
}

export function renderReport(r: ReportInput): string {
  const a = r.analysis;
  const title = (id: string) => r.cases.find((c) => c.id === id)?.title ?? id;
  const label = modelLabeller([...a.models, ...a.pairs, ...a.controls, ...a.failure_modes].map((m) => m.model_id).concat((r.runs ?? []).flatMap((x) => x.spec.models.map((m) => m.model_id))));
  const png = (src: string) => (/^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(src) ? src : '');
  const versions = r.scorerVersions?.length ? `, version ${r.scorerVersions.join(', ')}` : '';
  const charts = r.charts.filter((c) => png(c.png));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1f24}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem;font-size:.92rem}th,td{border-bottom:1px solid #cfd6de;padding:.3rem .5rem;text-align:left}
.caveat{background:#fff4e0;border:1px solid #c98a00;padding:.5rem .75rem;border-radius:8px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.pair pre,.pair .answer{white-space:pre-wrap;font-family:inherit;border-left:3px solid #cfd6de;padding-left:.6rem}.pair .answer{white-space:normal}
figure{margin:1rem 0}img{max-width:100%}
</style></head><body>
<h1>${escapeHtml(r.title)}</h1>
<p>Generated ${escapeHtml(r.generatedAt)} by Iatroscope.</p>
<p class="caveat">${escapeHtml(a.caveat)}</p>
<h2>What this report covers</h2>
${runsSection(r)}
<p>Scored by ${escapeHtml(a.scorer ?? 'no scorer')}${escapeHtml(versions)}: ${a.counts.used} scored answers. Intervals from ${a.resamples} bootstrap resamples, seed ${a.seed}.</p>
${a.warnings.length ? `<ul>${a.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : ''}
${a.overall ? `<h2>Headline</h2><p>Overall decoupling gap <strong>${f(a.overall.mean_gap)}</strong> (95% CI ${f(a.overall.ci_low)} to ${f(a.overall.ci_high)}), ${a.overall.n_pairs} pair × model rows, one-sided Wilcoxon p ${escapeHtml(p(a.overall.p_value))}.</p>` : ''}
${section('Gap per model', a.models, () =>
  table(
    ['Model', 'Mean gap', '95% CI', 'p', 'p (Holm)', 'Suppression rate', 'Pairs', 'Small sample'],
    a.models.map((m) => [label(m.model_id), f(m.mean_gap), `${f(m.ci_low)} to ${f(m.ci_high)}`, p(m.p_value), p(m.p_holm), `${(m.suppression_rate * 100).toFixed(1)}%`, m.n_pairs, m.small_sample ? m.small_sample_reasons.join('; ') : 'no']),
  ),
)}
${section('Failure modes', a.failure_modes, () =>
  `<p>Thresholds: low OH &lt; ${a.thresholds.failure_modes.low_oh}, high OH ≥ ${a.thresholds.failure_modes.high_oh}, filter gap ≥ ${a.thresholds.failure_modes.filter_gap}.</p>
${table(['Model', 'Lay OH', 'Physician OH', 'Label'], a.failure_modes.map((x) => [label(x.model_id), f(x.lay_oh), f(x.phys_oh), words(x.label)]))}`,
)}
${charts.map((c) => `<figure><img alt="${escapeHtml(staticCaption(c.caption))}" src="${png(c.png)}"><figcaption>${escapeHtml(staticCaption(c.caption))}</figcaption></figure>`).join('\n')}
${section('Pairs', a.pairs, () => table(['Case', 'Model', 'Lay OH', 'Physician OH', 'Gap', 'Answers (lay / physician)'], a.pairs.map((x) => [title(x.case_id), label(x.model_id), f(x.lay_oh), f(x.phys_oh), f(x.gap), `${x.lay_n} / ${x.phys_n}`])))}
${mechanismSection('Omission mechanisms, cases where help is owed', a.mechanisms, label)}
${mechanismSection('Omission mechanisms, every answer (controls included, as the paper counts them)', a.mechanisms_all ?? [], label)}
${section('Controls (caution is correct)', a.controls, () =>
  table(['Model', 'Mean OH (upper bound)', 'Mean CH (upper bound)', 'Non-inferior'], a.controls.map((c) => [label(c.model_id), `${f(c.mean_oh)} (${f(c.oh_upper)})`, `${f(c.mean_ch)} (${f(c.ch_upper)})`, c.non_inferior === null ? '–' : c.non_inferior ? 'yes' : 'no'])),
)}
${section('Notable pairs, side by side', r.notable, () =>
  r.notable
    .map((n) => `<h3>${escapeHtml(n.caseTitle)} · ${escapeHtml(label(n.model))}</h3><div class="pair">\n${answer(r, n.left)}\n${answer(r, n.right)}</div>`)
    .join('\n'),
)}
${section('Cases', r.cases, () =>
  table(['Case', 'Category', 'Expected behaviour', 'Framings'], r.cases.map((c) => [c.title, CATEGORIES[c.category]?.label ?? words(c.category), c.expected_behaviour === 'caution' ? 'caution (control)' : 'engage', Object.keys(c.framings).map(framingLabel).join(', ')])),
)}
</body></html>
`;
}

function mechanismSection(heading: string, rows: Analysis['mechanisms'], label: (id: string) => string): string {
  return section(heading, rows, () => {
    const kinds = Object.keys(rows[0]!.counts) as (keyof Analysis['mechanisms'][number]['counts'])[];
    const kindLabel = (k: string) => (k in OMISSION_MECHANISM_LABELS ? OMISSION_MECHANISM_LABELS[k as keyof typeof OMISSION_MECHANISM_LABELS] : 'not given');
    return table(['Model', ...kinds.map(kindLabel)], rows.map((m) => [label(m.model_id), ...kinds.map((k) => m.counts[k])]));
  });
}
