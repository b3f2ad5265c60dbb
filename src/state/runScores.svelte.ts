import type { ScoreRecord } from '../core/scoreRecord';
import type { Store } from '../storage/store';
import { LiveQuery } from './liveQuery.svelte';

/**
 * The verdicts on one run's answers, for the results table: which scorers have scored the run,
 * and the chosen scorer's verdict on each answer. Follows the store live, so verdicts appear as a
 * scoring or judging pass stores them.
 */
export class RunScoresState {
  #all: LiveQuery<ScoreRecord[]>;
  /** The scorer the user last chose; see `scorer`. */
  #chosen = $state('');

  constructor(store: Store, runId: () => string) {
    this.#all = new LiveQuery(() => (runId() ? store.scoresOfRun(runId()) : Promise.resolve([])), runId);
  }

  /** Each scorer with its number of verdicts on this run, most first. */
  scorers = $derived.by(() => {
    const counts = new Map<string, number>();
    for (const s of this.#all.current ?? []) counts.set(s.scorer, (counts.get(s.scorer) ?? 0) + 1);
    return [...counts].map(([scorer, n]) => ({ scorer, n })).sort((a, b) => b.n - a.n || a.scorer.localeCompare(b.scorer));
  });

  /** The scorer shown: the one last chosen while it has verdicts here, else the one with the most. */
  get scorer(): string {
    return this.scorers.some((s) => s.scorer === this.#chosen) ? this.#chosen : (this.scorers[0]?.scorer ?? '');
  }
  set scorer(name: string) {
    this.#chosen = name;
  }

  /** The shown scorer's verdicts, by response id. */
  verdicts = $derived.by(() => new Map((this.#all.current ?? []).filter((s) => s.scorer === this.scorer).map((s) => [s.response_id, s])));

  get error(): string | null {
    return this.#all.error ? `The verdicts could not be read: ${this.#all.error.message}` : null;
  }
}
