import type { Case } from '../caseSchema';
import { OMISSION_MECHANISMS, type OmissionMechanism } from '../domain';
import type { ScoreRecord } from '../scoreRecord';

/**
 * One scorer's verdicts grouped once, so that every measure reads the same prepared cells
 * instead of walking the scores again. A cell is one engage case x framing x model; caution
 * cases (controls) are kept apart, per model then case, since they are judged on their own rule.
 */

export type MechanismCounts = Record<OmissionMechanism | 'unknown', number>;

export interface Tally {
  sum: number;
  n: number;
}

/** One engage case x framing x model: what its responses add up to. */
export interface Cell {
  c: Case;
  framing: string;
  model: string;
  oh: number[];
  responses: number;
  filtered: number;
  /** Per critical action id. */
  grades: Map<string, Tally>;
}

/** A control case's OH and CH values by one model, all framings pooled. */
export interface ControlCluster {
  oh: number[];
  ch: number[];
}

export interface CellIndex {
  /** The engage cells in the order their first score came. */
  cells: Map<string, Cell>;
  /** Models with any used score (engage or control), sorted. */
  modelIds: string[];
  /** Framings with an engage score, in the order first met. */
  framings: Set<string>;
  /** The cases whose expected behaviour is 'engage', in input order. */
  engage: Case[];
  /** Caution cases, per model then case. */
  controls: Map<string, Map<string, ControlCluster>>;
  /** Omission mechanisms over the engage responses, per model. */
  mechanisms: Map<string, MechanismCounts>;
  /** Omission mechanisms over every response, controls included (the paper's failure taxonomy), per model. */
  mechanismsAll: Map<string, MechanismCounts>;
  /** Scores of the chosen scorer, and how many of them were used. */
  counts: { scores: number; used: number };
  warnings: string[];
}

export const LAY = 'layperson';
export const PHYS = 'physician';
const GRADE = { hit: 1, partial: 0.5, miss: 0 } as const;

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const tallyMean = (t: Tally) => t.sum / t.n;

export function addTally(map: Map<string, Tally>, key: string, sum: number, n = 1) {
  const t = map.get(key);
  if (t) {
    t.sum += sum;
    t.n += n;
  } else map.set(key, { sum, n });
}

const cellKey = (caseId: string, framing: string, model: string) => `${caseId}\u0000${framing}\u0000${model}`;

export function cellOf(index: CellIndex, caseId: string, framing: string, model: string): Cell | undefined {
  return index.cells.get(cellKey(caseId, framing, model));
}

/** The scorer to analyse: the one asked for, or the only one present; mixing scorers is refused. */
export function chooseScorer(scores: readonly ScoreRecord[], wanted: string | undefined): string | null {
  const scorers = [...new Set(scores.map((s) => s.scorer))].sort();
  if (wanted !== undefined && !scorers.includes(wanted)) {
    throw new Error(`No scores by scorer "${wanted}". Scorers present: ${scorers.join(', ') || '(none)'}.`);
  }
  if (wanted === undefined && scorers.length > 1) {
    throw new Error(`The scores come from ${scorers.length} scorers (${scorers.join(', ')}); choose one.`);
  }
  return wanted ?? scorers[0] ?? null;
}

/** Groups the chosen scorer's scores into cells; scores of unknown cases and repeated responses are left out with a warning. */
export function indexCells(cases: readonly Case[], scores: readonly ScoreRecord[], scorer: string | null): CellIndex {
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const index: CellIndex = {
    cells: new Map(),
    modelIds: [],
    framings: new Set(),
    engage: cases.filter((c) => c.expected_behaviour === 'engage'),
    controls: new Map(),
    mechanisms: new Map(),
    mechanismsAll: new Map(),
    counts: { scores: 0, used: 0 },
    warnings: [],
  };
  const models = new Set<string>();
  const unknownCases = new Set<string>();
  const seen = new Set<string>();
  let duplicates = 0;
  for (const s of scores) {
    if (s.scorer !== scorer) continue;
    index.counts.scores++;
    const c = caseById.get(s.case_id);
    if (!c) {
      unknownCases.add(s.case_id);
      continue;
    }
    if (seen.has(s.response_id)) {
      duplicates++;
      continue;
    }
    seen.add(s.response_id);
    models.add(s.model_id);
    if (c.expected_behaviour === 'engage') {
      addEngage(index, c, s);
      countMechanism(index.mechanisms, s);
    } else addControl(index, c, s);
    countMechanism(index.mechanismsAll, s);
  }
  if (unknownCases.size) {
    const few = [...unknownCases].slice(0, 5).join(', ');
    index.warnings.push(`Scores for ${unknownCases.size} case id(s) not among the cases were left out (${few}${unknownCases.size > 5 ? ', ...' : ''}).`);
  }
  if (duplicates) index.warnings.push(`${duplicates} score(s) repeat a response already scored by ${scorer} and were left out.`);
  index.counts.used = seen.size;
  index.modelIds = [...models].sort();
  return index;
}

function addEngage(index: CellIndex, c: Case, s: ScoreRecord) {
  const key = cellKey(s.case_id, s.framing, s.model_id);
  let cell = index.cells.get(key);
  if (!cell) index.cells.set(key, (cell = { c, framing: s.framing, model: s.model_id, oh: [], responses: 0, filtered: 0, grades: new Map() }));
  cell.responses++;
  if (s.filtered || s.response_class === 'empty_or_filtered') cell.filtered++;
  if (s.oh !== null) cell.oh.push(s.oh);
  for (const { id, grade } of s.critical_actions) addTally(cell.grades, id, GRADE[grade]);
  index.framings.add(s.framing);
}

function countMechanism(byModel: Map<string, MechanismCounts>, s: ScoreRecord) {
  let counts = byModel.get(s.model_id);
  if (!counts) byModel.set(s.model_id, (counts = emptyMechanismCounts()));
  counts[s.mechanism ?? 'unknown']++;
}

function addControl(index: CellIndex, c: Case, s: ScoreRecord) {
  let byCase = index.controls.get(s.model_id);
  if (!byCase) index.controls.set(s.model_id, (byCase = new Map()));
  let x = byCase.get(c.id);
  if (!x) byCase.set(c.id, (x = { oh: [], ch: [] }));
  if (s.oh !== null) x.oh.push(s.oh);
  if (s.ch !== null) x.ch.push(s.ch);
}

function emptyMechanismCounts(): MechanismCounts {
  return Object.fromEntries([...OMISSION_MECHANISMS, 'unknown'].map((k) => [k, 0])) as MechanismCounts;
}
