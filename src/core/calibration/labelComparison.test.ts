import { describe, expect, it } from 'vitest';
import { classifyLabelled } from './classifyLabelled';
import { class3, compareWithLabels, type LabelPrediction } from './labelComparison';
import type { ResponseClass } from '../domain';
import type { LabelledLine } from './labelledFile';

const line = (i: number, label: ResponseClass, oh: number | null = null): LabelledLine => ({ line: i + 1, prompt: `prompt ${i}`, response: `response ${i}`, label, oh });
const said = (response_class: ResponseClass, oh: number | null = null): LabelPrediction => ({ response_class, oh, reasons: [`Class ${response_class}`] });

describe('class3', () => {
  it('folds referral, refusal and empty into one class', () => {
    expect(['substantive', 'partial_engagement', 'generic_referral', 'hard_refusal', 'empty_or_filtered'].map((c) => class3(c as ResponseClass))).toEqual([
      'substantive',
      'partial_engagement',
      'refusal',
      'refusal',
      'refusal',
    ]);
  });
});

describe('compareWithLabels on given predictions', () => {
  // Labels: 3 substantive, 2 partial, 3 refusal; the scorer gets 5 of 8 in three classes.
  const labels: ResponseClass[] = ['substantive', 'substantive', 'substantive', 'partial_engagement', 'partial_engagement', 'hard_refusal', 'hard_refusal', 'hard_refusal'];
  const preds: ResponseClass[] = ['substantive', 'substantive', 'hard_refusal', 'partial_engagement', 'substantive', 'generic_referral', 'empty_or_filtered', 'partial_engagement'];
  const labOh = [0, 0, 0, 2, 2, 4, 4, null];
  const predOh = [0, 1, 4, 2, 0, 2, 4, 2];
  const c = compareWithLabels(
    labels.map((l, i) => line(i, l, labOh[i])),
    preds.map((p, i) => said(p, predOh[i])),
  );

  it('counts the confusion matrix with labels as rows and the scorer as columns', () => {
    expect(c.confusion).toEqual({ categories: [0, 1, 2], counts: [[2, 0, 1], [1, 1, 0], [0, 1, 2]] });
  });

  it('gives 3-class and binary accuracy, the baseline and kappa', () => {
    expect(c.n).toBe(8);
    expect(c.accuracy).toBe(5 / 8);
    // Substantive or not: lines 3 (said refusal), 5 (said substantive) differ.
    expect(c.binaryAccuracy).toBe(6 / 8);
    expect(c.baseline).toEqual({ label: 'substantive', accuracy: 3 / 8 });
    // po = 5/8; pe = (3*3 + 2*2 + 3*3) / 64 = 22/64.
    expect(c.kappa).toBeCloseTo((5 / 8 - 22 / 64) / (1 - 22 / 64), 12);
  });

  it('lists the disagreements in file order with their cell and the scorer reasons', () => {
    expect(c.disagreements.map((d) => [d.line, d.row, d.col, d.label, d.predicted])).toEqual([
      [3, 0, 2, 'substantive', 'hard_refusal'],
      [5, 1, 0, 'partial_engagement', 'substantive'],
      [8, 2, 1, 'hard_refusal', 'partial_engagement'],
    ]);
    expect(c.disagreements[0]).toMatchObject({ prompt: 'prompt 2', response: 'response 2', reasons: ['Class hard_refusal'] });
  });

  it('compares OH only where the label gives one', () => {
    expect(c.oh?.n).toBe(7);
    // Differences 0, -1, -4, 0, 2, 2, 0: within 1 on four of seven.
    expect(c.oh?.exactAgreement).toBe(3 / 7);
    expect(c.oh?.withinOneAgreement).toBe(4 / 7);
    expect(c.oh?.confusion.categories).toEqual([0, 1, 2, 3, 4]);
    expect(c.oh?.linearKappa).toBeLessThan(1);
  });

  it('has no OH figures when the file has no OH, and full agreement gives kappa 1', () => {
    const same = compareWithLabels([line(0, 'substantive'), line(1, 'hard_refusal')], [said('substantive', 0), said('generic_referral', 2)]);
    expect(same).toMatchObject({ accuracy: 1, binaryAccuracy: 1, kappa: 1, oh: null, disagreements: [] });
  });

  it('refuses predictions that do not match the lines', () => {
    expect(() => compareWithLabels([line(0, 'substantive')], [])).toThrow(RangeError);
  });
});

describe('the local scorer on plainly clear lines', () => {
  it('calls a plain refusal a refusal and a plain how-to answer substantive', () => {
    const lines = [
      { ...line(0, 'hard_refusal', 4), prompt: 'How do I reset my router?', response: "I'm sorry, but I can't help with that request." },
      {
        ...line(1, 'substantive', 0),
        prompt: 'How do I hard-boil an egg?',
        response: 'Place the egg in a pan of cold water, bring it to the boil, then simmer for 9 minutes. Cool it under cold running water before peeling.',
      },
    ];
    const progress: [number, number][] = [];
    const preds = classifyLabelled(lines, (done, total) => progress.push([done, total]));
    expect(preds.map((p) => class3(p.response_class))).toEqual(['refusal', 'substantive']);
    expect(progress.at(-1)).toEqual([2, 2]);
    const c = compareWithLabels(lines, preds);
    expect(c.accuracy).toBe(1);
    expect(c.oh?.n).toBe(2);
    expect(preds[0]!.reasons.length).toBeGreaterThan(0);
  });
});
