import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree } from '../../cli/readTree';
import { importIatrobench } from '../iatrobenchImport';
import type { RunSpec } from '../run/types';
import { escapeHtml, renderReport, staticCaption } from './report';
import { analyze, type Analysis } from './measures';
import { parsePublishedScores } from './publishedScores';

const analysis = {
  scorer: 'local',
  seed: 1,
  resamples: 5000,
  caveat: 'The cases are engineered for collision.',
  scope: '',
  thresholds: { small_sample: { min_pairs: 6, min_reps: 3, min_control_cases: 3 }, failure_modes: { low_oh: 1, high_oh: 1.5, filter_gap: 0.1 }, non_inferiority: { oh_upper: 1.5, ch_upper: 1 } },
  counts: { scores: 4, used: 4 },
  warnings: [],
  pairs: [{ pair_id: 'p', case_id: 'c1', model_id: 'openai-compatible:m@http://x/v1', lay_oh: 2, phys_oh: 0, gap: 2, lay_n: 1, phys_n: 1 }],
  models: [],
  overall: { mean_gap: 2, ci_low: 2, ci_high: 2, p_value: null, n_pairs: 1, n_distinct_pairs: 1 },
  extra_framings: [],
  hit_rates: [],
  did: { per_model: [], overall: { model_id: '(all)', colliding_diff: null, non_colliding_diff: null, did: null, p_value: null, n_colliding: 0, n_non_colliding: 0 } },
  acuity_weighted_oh: [],
  filter_rates: [],
  mechanisms: [],
  controls: [],
  failure_modes: [],
} as unknown as Analysis;

describe('renderReport', () => {
  const html = renderReport({
    title: 'Run <1>',
    generatedAt: '2026-11-22',
    analysis,
    cases: [],
    charts: [{ caption: 'Gap', png: 'data:image/png;base64,AAAA' }, { caption: 'Evil', png: 'javascript:alert(1)' }],
    notable: [{ caseTitle: 'Case', model: 'm', left: { label: 'Layperson', text: '<img src=x onerror=alert(1)>', oh: 2 }, right: { label: 'Physician', text: 'Do X.', oh: 0 } }],
  });
  it('is self-contained with the caveat, headline and pairs', () => {
    expect(html).toContain('The cases are engineered for collision.');
    expect(html).toContain('Overall decoupling gap <strong>2.00</strong>');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
  it('escapes model text and drops non-PNG chart sources', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('Run &lt;1&gt;');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });
});

const spec: RunSpec = {
  id: 'run-1',
  name: 'Benzodiazepine taper, March',
  created_at: '2026-03-02T10:00:00.000Z',
  case_ids: ['c1'],
  framings: ['layperson', 'physician'],
  models: [
    { model_id: 'openai-compatible:withholder-1@http://127.0.0.1:8797/v1', provider: { kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:8797/v1' }, model: 'withholder-1' },
    { model_id: 'anthropic:withholder-1', provider: { kind: 'anthropic' }, model: 'withholder-1' },
  ],
  reps: 3,
  params: { temperature: 0.7, max_tokens: 1024 },
  concurrency: 4,
};

describe('what the report covers', () => {
  const base = { title: 'T', generatedAt: '2026-03-03', analysis, cases: [], charts: [], notable: [] };
  it('names each run with its models and sources, parameters, repetitions, date, and the scorer with its version', () => {
    const html = renderReport({ ...base, runs: [{ spec }], scorerVersions: ['local-7'] });
    const covers = html.slice(html.indexOf('What this report covers'), html.indexOf('Headline'));
    expect(covers).toContain('Benzodiazepine taper, March');
    expect(covers).toContain('2026-03-02');
    // Each model is named with its source, so two sources serving one model name stay apart.
    expect(covers).toContain('<td>withholder-1 (127.0.0.1:8797), withholder-1 (Anthropic)</td>');
    expect(covers).toContain('Layperson (patient), Physician');
    expect(covers).toMatch(/<td>3<\/td><td>0.7<\/td><td>1024<\/td>/);
    expect(covers).toContain('Scored by local, version local-7: 4 scored answers.');
  });
  it('says so when the answers come from imported files', () => {
    expect(renderReport(base)).toContain('The answers come from imported files, not from runs made here');
  });
  it('leaves out sections with nothing in them', () => {
    const html = renderReport(base);
    for (const heading of ['Gap per model', 'Failure modes', 'Controls', 'Notable pairs', 'Cases', 'Omission mechanisms']) expect(html).not.toContain(`<h2>${heading}`);
    expect(html).toContain('<h2>Pairs</h2>');
  });
  it('renders answers through the markdown renderer it is given', () => {
    const notable = [{ caseTitle: 'C', model: 'm', left: { label: 'Layperson', text: '**bold**', oh: 2 }, right: { label: 'Physician', text: 'x', oh: 0 } }];
    const html = renderReport({ ...base, notable, markdown: (t) => `<p>${t === '**bold**' ? '<strong>bold</strong>' : t}</p>` });
    expect(html).toContain('<div class="answer"><p><strong>bold</strong></p></div>');
    expect(renderReport({ ...base, notable })).toContain('<pre>**bold**</pre>');
  });
  it('drops caption sentences that only make sense on screen', () => {
    expect(staticCaption('Omission harm by case and model. Hover a square for its figures. Darker is worse.')).toBe('Omission harm by case and model. Darker is worse.');
    expect(staticCaption("Each square's physician figure is in its tooltip and under Show as text.")).toBe('');
    const html = renderReport({ ...base, charts: [{ caption: 'Heatmap. Hover a square to see the physician OH.', png: 'data:image/png;base64,AAAA' }] });
    expect(html).toContain('<figcaption>Heatmap.</figcaption>');
    expect(html).not.toMatch(/hover/i);
  });
  it('shows no internal field names on the published fixture', async () => {
    const fixtures = join(import.meta.dirname, '../../../tests/fixtures/iatrobench');
    const imported = importIatrobench(await readTree(join(fixtures, 'data')));
    if (!imported.ok) throw new Error('fixture import failed');
    const scores = parsePublishedScores(readFileSync(join(fixtures, 'scores.jsonl'), 'utf8'), imported.summary.cases);
    if (!scores.ok) throw new Error('fixture scores failed');
    const a = analyze({ cases: imported.summary.cases, scores: scores.value, resamples: 50 });
    const html = renderReport({ ...base, analysis: a, cases: imported.summary.cases });
    const text = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
    expect(text.match(/\b[a-z]+_[a-z_]+\b|\w+ \d+ < \d+/g)).toBeNull();
    expect(text).toContain('only 1 pair (a reliable test needs at least 6)');
    expect(text).toContain('Omission mechanisms, every answer (controls included');
  });
});
