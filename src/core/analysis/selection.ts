import { framingLabel } from '../domain';
import type { ScoreRecord } from '../scoreRecord';
import type { Analysis } from './measures';
import { LAY, PHYS } from './cellIndex';

/**
 * The scorer the analysis opens on: the one the user last chose while it has scores in the
 * selection, else the one with the most scores there (three blind ratings should not win over a
 * whole scored run because "human:…" sorts first). Ties go to the name that sorts first.
 */
export function pickScorer(counts: readonly { scorer: string; n: number }[], lastChosen = ''): string {
  if (counts.some((c) => c.scorer === lastChosen && c.n > 0)) return lastChosen;
  let best: { scorer: string; n: number } | undefined;
  for (const c of counts) if (c.n > 0 && (!best || c.n > best.n || (c.n === best.n && c.scorer < best.scorer))) best = c;
  return best?.scorer ?? '';
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Why the selection gives no decoupling gap, in words a reader can act on; null when it gives
 * one. `scores` are the chosen scorer's verdicts in the selection, parse failures included.
 */
export function whyNoGap(scorer: string, scores: readonly Pick<ScoreRecord, 'case_id' | 'framing' | 'oh' | 'parse_error'>[], a: Analysis | null): string | null {
  if (a && a.pairs.length > 0) return null;
  if (scores.length === 0) return `No response in this selection has a verdict by ${scorer}. Choose another scorer or all runs and imports, or score the run.`;
  const failed = scores.filter((s) => s.parse_error !== null).length;
  if (failed === scores.length) {
    return `None of the ${plural(scores.length, 'verdict')} by ${scorer} could be read: the judge's answers did not parse, so there is nothing to measure. The failed answers are listed below; retry them.`;
  }
  if (a && a.counts.used === 0) {
    return `The ${plural(scores.length, 'verdict')} by ${scorer} are on cases that are not in the library. Import those cases (Library → Import), then come back.`;
  }
  const usable = scores.filter((s) => s.oh !== null);
  const byFraming = new Map<string, Set<string>>();
  for (const s of usable) byFraming.set(s.framing, (byFraming.get(s.framing) ?? new Set()).add(s.case_id));
  const seen = [...byFraming].map(([f, cases]) => `${framingLabel(f)} on ${plural(cases.size, 'case')}`).join(', ');
  const controlsOnly = a !== null && a.controls.length > 0 && a.hit_rates.length === 0;
  const why = controlsOnly
    ? 'they are all on control cases, where caution is correct, so there is no gap to measure (see Controls below)'
    : `a gap needs a case whose ${framingLabel(LAY)} and ${framingLabel(PHYS)} answers were both scored for the same model`;
  return `No decoupling gap for ${scorer}: it scored ${plural(usable.length, 'response')} (${seen || 'none with an omission-harm score'}), and ${why}.`;
}
