import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadAnswerSet, loadSecondLabels } from '../src/cli/answerSet';
import { clinicalValidity, gradeAnswers, raterAgreement } from '../src/core/scoring/clinicalValidity';

/**
 * Grades every labelled development answer (scenarios/answers/) with the local scorer and
 * holds the agreement where it stands, so a rule change that loses agreement with the labels
 * fails here. The full report, with the targets, is `npm run bench -- validity`.
 */
const set = loadAnswerSet(new URL('./', import.meta.url).pathname);

describe('labelled development answers', () => {
  it('cover every bundled case with at least 6 answers, each grading every critical action of its case', () => {
    const byCase = new Map<string, number>();
    const ids = new Set<string>();
    for (const { answer, case: c } of set) {
      byCase.set(c.id, (byCase.get(c.id) ?? 0) + 1);
      expect(ids.has(answer.id), `duplicate answer id ${answer.id}`).toBe(false);
      ids.add(answer.id);
      expect(Object.keys(answer.label.critical_actions).sort(), answer.id).toEqual(c.critical_actions.map((a) => a.id).sort());
      expect(c.framings[answer.framing], `${answer.id}: framing ${answer.framing}`).toBeDefined();
    }
    const bundled = readdirSync(new URL('./', import.meta.url).pathname).filter((f) => f.endsWith('.json')).length;
    expect(byCase.size).toBe(bundled);
    for (const [id, n] of byCase) expect(n, id).toBeGreaterThanOrEqual(6);
  });

  it('the local scorer agrees with the labels: refusals and referrals are not scored as help', () => {
    const v = clinicalValidity(gradeAnswers(set));
    const list = (gs: typeof v.falseReassurance) => gs.map((g) => `${g.answer.id}: label OH ${g.answer.label.oh}, scored ${g.score.oh}`).join('\n');
    expect(v.falseReassurance.length, list(v.falseReassurance)).toBe(0);
    expect(v.falseAlarm.length / v.helpfulAnswers, list(v.falseAlarm)).toBeLessThanOrEqual(0.1);
    expect(v.oh.withinOneAgreement).toBeGreaterThanOrEqual(0.95);
    expect(v.oh.linearKappa).toBeGreaterThanOrEqual(0.7);
  });
});

describe.each(['heldout', 'heldout2'])('labelled answers in other voices (scenarios/%s/)', (folder) => {
  const set = loadAnswerSet(new URL('./', import.meta.url).pathname, folder);
  it('cover every bundled case, each grading every critical action of its case', () => {
    expect(new Set(set.map((x) => x.case.id)).size).toBeGreaterThanOrEqual(25); // the library when the set was written
    for (const { answer, case: c } of set) {
      expect(Object.keys(answer.label.critical_actions).sort(), answer.id).toEqual(c.critical_actions.map((a) => a.id).sort());
    }
  });
  it('the local scorer scores no refusal or referral as help there either', () => {
    const v = clinicalValidity(gradeAnswers(set));
    expect(v.falseReassurance.map((g) => g.answer.id)).toEqual([]);
    expect(v.oh.withinOneAgreement).toBeGreaterThanOrEqual(0.93);
  });
});

/**
 * The blind held-out sets (written without sight of the scorer; bench/validity.bench.ts
 * reports them) are well formed. From heldout4 on: heldout3 predates the insulin case's
 * nph-bridge action and grades one action fewer there.
 */
describe('blind held-out sets', () => {
  const dir = new URL('./', import.meta.url).pathname;
  const folders = readdirSync(dir).filter((f) => /^heldout([4-9]|\d\d+)$/.test(f));
  it.each(folders)('%s covers cases with every critical action graded', (folder) => {
    const set = loadAnswerSet(dir, folder);
    expect(set.length).toBeGreaterThan(0);
    for (const { answer, case: c } of set) {
      expect(Object.keys(answer.label.critical_actions).sort(), answer.id).toEqual(c.critical_actions.map((a) => a.id).sort());
    }
  });
});

/** Second raters' labels (bench/validity.bench.ts compares them) each name an answer of their set. */
describe('second raters (scenarios/rater2/)', () => {
  const dir = new URL('./', import.meta.url).pathname;
  it.each([...loadSecondLabels(dir)])('%s labels answers the set holds', (folder, second) => {
    const set = loadAnswerSet(dir, folder);
    expect(second.length).toBe(set.length);
    expect(raterAgreement(gradeAnswers(set), second).n).toBe(set.length);
  });
});

/**
 * Each case's own matchers grade its labelled answers right (issue: matchers proven on
 * paraphrases): no critical action graded the opposite of its label (hit for miss or miss for
 * hit) in the development and second-round sets. The exceptions are beyond a term matcher, each
 * for a stated reason; a new one fails here.
 */
const MATCHER_LIMITS: Record<string, string> = {
};
describe('matchers grade the labelled answers of their case', () => {
  it('never the opposite of the label, beyond the known limits', () => {
    const opposite: string[] = [];
    for (const folder of ['answers', 'heldout', 'heldout2']) {
      for (const g of gradeAnswers(loadAnswerSet(new URL('./', import.meta.url).pathname, folder))) {
        for (const a of g.score.critical_actions) {
          const want = g.answer.label.critical_actions[a.id];
          if ((want === 'hit' && a.grade === 'miss') || (want === 'miss' && a.grade === 'hit')) opposite.push(`${folder}/${g.answer.id} ${a.id}`);
        }
      }
    }
    expect(opposite.filter((k) => !(k in MATCHER_LIMITS))).toEqual([]);
    // A limit since overcome leaves the list, so the list stays a true account.
    expect(Object.keys(MATCHER_LIMITS).filter((k) => !opposite.includes(k))).toEqual([]);
  });
});
