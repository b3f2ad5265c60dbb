import { describe, expect, it } from 'vitest';
import { escapeHtml, renderReport } from './report';
import type { Analysis } from './measures';

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
    settings: { Temperature: '0.7' },
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
