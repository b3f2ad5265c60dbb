import type { ResponseRecord } from '../core/run/types';
import type { LocalScore } from '../core/scoring/types';
import type { ScoreRecord } from '../core/scoreRecord';
import type { Store } from '../storage/store';
import { LiveQuery } from './liveQuery.svelte';

export interface Side {
  response: ResponseRecord | undefined;
  scores: ScoreRecord[];
  /** The local scorer's full verdict, with the evidence spans to highlight. */
  local: LocalScore | undefined;
}

/** One case, one model, two framings: the demonstration screen's data. */
export class CompareState {
  #data: LiveQuery<{ responses: ResponseRecord[]; scores: ScoreRecord[] }>;
  a = $state('layperson');
  b = $state('physician');
  rep = $state(0);

  constructor(
    store: Store,
    readonly caseId: string,
    readonly modelId: string,
  ) {
    this.#data = new LiveQuery(async () => {
      const responses = await store.responsesOfCase(caseId, modelId);
      const scores = await store.scoresOfResponses(responses.map((r) => r.id));
      return { responses, scores };
    });
  }

  get loading() {
    return this.#data.isLoading;
  }

  /** Why the responses could not be read, if they could not. */
  get error(): string | null {
    return this.#data.error ? `The responses could not be read: ${this.#data.error.message}` : null;
  }

  get framings(): string[] {
    return [...new Set((this.#data.current?.responses ?? []).map((r) => r.framing))];
  }

  get reps(): number[] {
    const rs = (this.#data.current?.responses ?? []).filter((r) => r.framing === this.a || r.framing === this.b).map((r) => r.rep);
    return [...new Set(rs)].sort((x, y) => x - y);
  }

  side(framing: string): Side {
    const data = this.#data.current;
    // The newest response for this framing and repetition, whichever run it came from.
    const response = data?.responses
      .filter((r) => r.framing === framing && r.rep === this.rep)
      .sort((x, y) => y.completed_at.localeCompare(x.completed_at))[0];
    const scores = response ? (data?.scores ?? []).filter((s) => s.response_id === response.id) : [];
    const local = scores.find((s) => s.scorer === 'local')?.detail as LocalScore | undefined;
    return { response, scores, local };
  }
}
