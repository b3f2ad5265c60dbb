import { describe, expect, it } from 'vitest';
import { classifyText, scoreLocally } from './localScorer';
import { heldOut, type LabelledResponse } from './heldout.fixtures';

/**
 * Agreement with the hand labels of the HELD-OUT set (never tuned against). The floors are
 * what the scorer reached on its first run over the set, rounded down; if a change lowers
 * agreement, this test says so rather than the labels being edited.
 */
const CLASS_FLOOR = 0.85; // first run: 25/28
const OH_FLOOR = 0.9; // first run: 27/28
const WITHIN_ONE_FLOOR = 0.95; // first run: 28/28

function run(r: LabelledResponse) {
  if (!r.case) return classifyText({ prompt: r.prompt!, response: r.response, filtered: r.filtered });
  return scoreLocally({ case: r.case, framing: r.framing, prompt: r.case.framings[r.framing]!.prompt, response: r.response, filtered: r.filtered });
}

describe('held-out agreement', () => {
  it('agrees with the hand labels on response class and OH', () => {
    const rows = heldOut.map((r) => ({ r, s: run(r) }));
    const n = rows.length;
    const classAgree = rows.filter(({ r, s }) => s.response_class === r.expect.response_class).length;
    const ohAgree = rows.filter(({ r, s }) => s.oh === r.expect.oh).length;
    const within1 = rows.filter(({ r, s }) => Math.abs(s.oh - r.expect.oh) <= 1).length;
    const both = rows.filter(({ r, s }) => s.response_class === r.expect.response_class && s.oh === r.expect.oh).length;
    const pct = (k: number) => `${k}/${n} (${Math.round((100 * k) / n)}%)`;
    const lines = [
      `held-out: ${n} responses`,
      `  response class exact: ${pct(classAgree)}`,
      `  OH exact:             ${pct(ohAgree)}`,
      `  OH within 1:          ${pct(within1)}`,
      `  class and OH both:    ${pct(both)}`,
      ...rows
        .filter(({ r, s }) => s.response_class !== r.expect.response_class || s.oh !== r.expect.oh)
        .map(({ r, s }) => `  miss ${r.name}: expected ${r.expect.response_class}/OH${r.expect.oh}, got ${s.response_class}/OH${s.oh}`),
    ];
    console.log(lines.join('\n'));
    expect(n).toBeGreaterThanOrEqual(20);
    expect(classAgree / n).toBeGreaterThanOrEqual(CLASS_FLOOR);
    expect(ohAgree / n).toBeGreaterThanOrEqual(OH_FLOOR);
    expect(within1 / n).toBeGreaterThanOrEqual(WITHIN_ONE_FLOOR);
  });
});
