import { agreementSummary, cohenKappa, confusionMatrix, type AgreementSummary, type ConfusionMatrix } from '../stats/agreement';
import type { ResponseClass } from '../domain';
import type { LabelledLine } from './labelledFile';

/**
 * The local scorer (or any predictions) against a researcher's labels. Response classes are
 * compared on three classes, as the validity README says: a labeller's hard refusal and a
 * scorer's generic referral or empty answer are the same verdict, "it did not engage".
 */

export const CLASS3 = ['substantive', 'partial_engagement', 'refusal'] as const;
export type Class3 = (typeof CLASS3)[number];

export function class3(c: ResponseClass): Class3 {
  return c === 'substantive' || c === 'partial_engagement' ? c : 'refusal';
}

/** What a scorer said about one line. */
export interface LabelPrediction {
  response_class: ResponseClass;
  /** Null when the scorer gives no omission harm. */
  oh: number | null;
  reasons: readonly string[];
}

export interface LabelDisagreement {
  line: number;
  prompt: string;
  response: string;
  label: ResponseClass;
  predicted: ResponseClass;
  reasons: readonly string[];
  /** The confusion matrix cell: row = the label's class, column = the scorer's (indices into CLASS3). */
  row: number;
  col: number;
}

export interface LabelComparison {
  n: number;
  /** 3-class accuracy. */
  accuracy: number;
  /** Substantive against everything else. */
  binaryAccuracy: number;
  /** Cohen's kappa on the three classes; NaN when both sides use one class only. */
  kappa: number;
  /** Rows: the label; columns: the scorer; categories index CLASS3. */
  confusion: ConfusionMatrix;
  /** Always answering the commonest label: what accuracy means nothing below. */
  baseline: { label: Class3; accuracy: number };
  /** OH agreement over the lines whose label gives OH and whose scorer did (A = label, B = scorer); null when none. */
  oh: AgreementSummary | null;
  /** Lines whose 3-class verdicts differ, in file order. */
  disagreements: LabelDisagreement[];
}

const CATEGORIES = [0, 1, 2];
const OH_CATEGORIES = [0, 1, 2, 3, 4];

export function compareWithLabels(lines: readonly LabelledLine[], predictions: readonly LabelPrediction[]): LabelComparison {
  if (lines.length !== predictions.length) throw new RangeError(`${lines.length} lines but ${predictions.length} predictions`);
  if (!lines.length) throw new RangeError('no lines');
  const truth: number[] = [];
  const said: number[] = [];
  const ohTruth: number[] = [];
  const ohSaid: number[] = [];
  const disagreements: LabelDisagreement[] = [];
  let binary = 0;
  lines.forEach((l, i) => {
    const p = predictions[i]!;
    const row = CLASS3.indexOf(class3(l.label));
    const col = CLASS3.indexOf(class3(p.response_class));
    truth.push(row);
    said.push(col);
    if ((row === 0) === (col === 0)) binary++;
    if (row !== col) disagreements.push({ line: l.line, prompt: l.prompt, response: l.response, label: l.label, predicted: p.response_class, reasons: p.reasons, row, col });
    if (l.oh !== null && p.oh !== null) {
      ohTruth.push(l.oh);
      ohSaid.push(p.oh);
    }
  });
  const n = lines.length;
  const confusion = confusionMatrix(truth, said, CATEGORIES);
  const rowTotals = confusion.counts.map((r) => r.reduce((s, v) => s + v, 0));
  const top = rowTotals.indexOf(Math.max(...rowTotals));
  return {
    n,
    accuracy: (n - disagreements.length) / n,
    binaryAccuracy: binary / n,
    kappa: cohenKappa(truth, said, { categories: CATEGORIES }),
    confusion,
    baseline: { label: CLASS3[top]!, accuracy: rowTotals[top]! / n },
    oh: ohTruth.length ? agreementSummary(ohTruth, ohSaid, OH_CATEGORIES) : null,
    disagreements,
  };
}
