import { z } from 'zod';
import type { Case } from '../caseSchema';
import { formatLocated, parseJson, parseWith } from '../located';
import { agreementSummary, type AgreementSummary } from '../stats/agreement';
import { scoreLocally } from './localScorer';
import { GRADES, RESPONSE_CLASSES, type ResponseClass } from '../domain';
import type { LocalScore } from './types';

/**
 * The local scorer against physician-style labels on realistic answers to the bundled cases
 * (scenarios/answers/<case-id>.jsonl), for `npm run bench -- validity` and the test that
 * grades them all. The labels were written as a clinician reads the answer, not from the
 * scorer's output.
 */
export const labelledAnswerSchema = z.strictObject({
  id: z.string().min(1),
  framing: z.string().min(1),
  style: z.string().min(1),
  response: z.string(),
  label: z.strictObject({
    response_class: z.enum(RESPONSE_CLASSES),
    oh: z.number().int().min(0).max(4),
    ch: z.number().int().min(0).max(3),
    critical_actions: z.record(z.string(), z.enum(GRADES)),
  }),
  note: z.string().optional(),
});
export type LabelledAnswer = z.infer<typeof labelledAnswerSchema>;

/**
 * A second rater's labels for answers someone else labelled (scenarios/rater2/<set>.jsonl),
 * written without seeing the first labels: how far two people agree is the ceiling any
 * scorer can be held to.
 */
export const secondLabelSchema = z.strictObject({
  id: z.string().min(1),
  label: labelledAnswerSchema.shape.label.pick({ response_class: true, oh: true, ch: true }),
  note: z.string().optional(),
});
export type SecondLabel = z.infer<typeof secondLabelSchema>;

/** Reads one JSON-lines file against a schema; errors name the file and line. */
function parseLines<S extends z.ZodType>(file: string, text: string, schema: S): z.infer<S>[] {
  const out: z.infer<S>[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    const json = parseJson(where, line);
    const parsed = json.ok ? parseWith(where, schema, json.value) : json;
    if (!parsed.ok) throw new Error(parsed.errors.map(formatLocated).join('\n'));
    out.push(parsed.value);
  });
  return out;
}

/** Reads one answers file; errors name the file and line. */
export function parseAnswersFile(file: string, text: string): LabelledAnswer[] {
  return parseLines(file, text, labelledAnswerSchema);
}

/** Reads a second rater's file; errors name the file and line. */
export function parseSecondLabels(file: string, text: string): SecondLabel[] {
  return parseLines(file, text, secondLabelSchema);
}

export interface GradedAnswer {
  answer: LabelledAnswer;
  case: Case;
  score: LocalScore;
}

export function gradeAnswers(items: readonly { answer: LabelledAnswer; case: Case }[]): GradedAnswer[] {
  return items.map(({ answer, case: c }) => {
    const framing = c.framings[answer.framing];
    if (!framing) throw new Error(`${answer.id}: case ${c.id} has no framing "${answer.framing}"`);
    return { answer, case: c, score: scoreLocally({ case: c, framing: answer.framing, prompt: framing.prompt, response: answer.response }) };
  });
}

const WITHHOLDING: ReadonlySet<ResponseClass> = new Set(['hard_refusal', 'generic_referral']);
/** A refusal or referral on a case where help is owed: what a scorer must not read as help. */
const withholds = (c: Case, cls: ResponseClass) => c.expected_behaviour === 'engage' && WITHHOLDING.has(cls);

export interface ClinicalValidity {
  n: number;
  /** Exact response class (five classes). */
  classAccuracy: number;
  oh: AgreementSummary;
  ch: AgreementSummary;
  /** Critical-action grades that agree, over every action of every answer. */
  actionAgreement: number;
  /** On cases where help is owed: refusals and referrals (by the label) the scorer put at OH <= 1. */
  falseReassurance: GradedAnswer[];
  /** Helpful answers (label OH <= 1) the scorer put at OH >= 2. */
  falseAlarm: GradedAnswer[];
  /** Answers labelled a refusal or referral on cases where help is owed. */
  withholdingAnswers: number;
  helpfulAnswers: number;
}

export function clinicalValidity(graded: readonly GradedAnswer[]): ClinicalValidity {
  const withholding = graded.filter((g) => withholds(g.case, g.answer.label.response_class));
  const helpful = graded.filter((g) => g.answer.label.oh <= 1);
  let actions = 0;
  let agree = 0;
  for (const g of graded) {
    for (const a of g.score.critical_actions) {
      const want = g.answer.label.critical_actions[a.id];
      if (!want) continue;
      actions++;
      if (want === a.grade) agree++;
    }
  }
  return {
    n: graded.length,
    classAccuracy: graded.filter((g) => g.score.response_class === g.answer.label.response_class).length / graded.length,
    oh: agreementSummary(
      graded.map((g) => g.answer.label.oh),
      graded.map((g) => g.score.oh),
      [0, 1, 2, 3, 4],
    ),
    ch: agreementSummary(
      graded.map((g) => g.answer.label.ch),
      graded.map((g) => g.score.ch),
      [0, 1, 2, 3],
    ),
    actionAgreement: actions ? agree / actions : NaN,
    falseReassurance: withholding.filter((g) => g.score.oh <= 1),
    falseAlarm: helpful.filter((g) => g.score.oh >= 2),
    withholdingAnswers: withholding.length,
    helpfulAnswers: helpful.length,
  };
}

/** OH agreement of one reading with another, and the withholding the other reads as help. */
export interface PairAgreement {
  oh: AgreementSummary;
  classAccuracy: number;
  /** Answers the reference calls a refusal or referral on a case where help is owed... */
  withholding: number;
  /** ...that this reading puts at OH <= 1 (the scorer's false reassurance, for a person). */
  readAsHelp: number;
}

type Reading = { response_class: ResponseClass; oh: number };

function pairAgreement(cases: readonly Case[], reference: readonly Reading[], other: readonly Reading[]): PairAgreement {
  const withheld = reference.map((r, i) => withholds(cases[i]!, r.response_class));
  return {
    oh: agreementSummary(
      reference.map((r) => r.oh),
      other.map((r) => r.oh),
      [0, 1, 2, 3, 4],
    ),
    classAccuracy: reference.filter((r, i) => r.response_class === other[i]!.response_class).length / reference.length,
    withholding: withheld.filter(Boolean).length,
    readAsHelp: other.filter((r, i) => withheld[i] && r.oh <= 1).length,
  };
}

export interface RaterAgreement {
  /** Answers both people labelled. */
  n: number;
  /** The second person against the first (the labels the sets carry). */
  secondVsFirst: PairAgreement;
  /** The scorer against each, on the same answers. */
  scorerVsFirst: PairAgreement;
  scorerVsSecond: PairAgreement;
}

/**
 * The scorer beside two people on the same answers. Throws, naming the id, on a second label
 * for an answer the set does not hold; answers without one are left out.
 */
export function raterAgreement(graded: readonly GradedAnswer[], second: readonly SecondLabel[]): RaterAgreement {
  const byId = new Map(graded.map((g) => [g.answer.id, g]));
  const both = second.map((s) => {
    const g = byId.get(s.id);
    if (!g) throw new Error(`second label for ${s.id}: no such answer in the set`);
    return { g, s };
  });
  const cases = both.map(({ g }) => g.case);
  const first = both.map(({ g }) => g.answer.label);
  const other = both.map(({ s }) => s.label);
  const scorer = both.map(({ g }) => g.score);
  return {
    n: both.length,
    secondVsFirst: pairAgreement(cases, first, other),
    scorerVsFirst: pairAgreement(cases, first, scorer),
    scorerVsSecond: pairAgreement(cases, other, scorer),
  };
}
