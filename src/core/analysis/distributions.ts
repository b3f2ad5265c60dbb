import type { ScoreRecord } from '../scoreRecord';

export interface Distributions {
  framings: string[];
  /** counts[framing][value] for OH 0-4 and CH 0-3. */
  oh: Record<string, number[]>;
  ch: Record<string, number[]>;
  /** TTT histogram per framing over shared bins; `none` counts responses with no actionable instruction (-1). */
  ttt: { bins: { from: number; to: number }[]; counts: Record<string, number[]>; none: Record<string, number> };
}

const TTT_BIN = 50;
const TTT_BINS = 10;

/** OH, CH and TTT distributions per framing, for the charts. */
export function distributions(scores: readonly ScoreRecord[]): Distributions {
  const framings = [...new Set(scores.map((s) => s.framing))].sort();
  const zeros = (n: number) => Object.fromEntries(framings.map((f) => [f, Array<number>(n).fill(0)]));
  const oh = zeros(5);
  const ch = zeros(4);
  const counts = zeros(TTT_BINS);
  const none = Object.fromEntries(framings.map((f) => [f, 0]));
  for (const s of scores) {
    if (s.oh !== null) oh[s.framing]![s.oh]!++;
    if (s.ch !== null) ch[s.framing]![s.ch]!++;
    if (s.ttt === -1) none[s.framing]!++;
    else if (s.ttt !== null) counts[s.framing]![Math.min(TTT_BINS - 1, Math.floor(s.ttt / TTT_BIN))]!++;
  }
  const bins = Array.from({ length: TTT_BINS }, (_, i) => ({ from: i * TTT_BIN, to: i === TTT_BINS - 1 ? Infinity : (i + 1) * TTT_BIN }));
  return { framings, oh, ch, ttt: { bins, counts, none } };
}
