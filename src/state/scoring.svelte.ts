import { getContext, setContext } from 'svelte';
import type { Case } from '../core/caseSchema';
import { createJudgeRun, type JudgeProtocol, type JudgeRun } from '../core/judge';
import type { RunProgress } from '../core/run/engine';
import { localScoreRecords } from '../core/scoring/scoreRecord';
import { loadProvider } from '../providers/registry';
import { guardQuota } from '../storage/quota';
import { createDexieScoreStore } from '../storage/scoreStore';
import type { EndpointsState } from './endpoints.svelte';
import type { IatroscopeDb } from '../storage/db';

/** Scoring a run's stored responses; generate once, score many times. */
export class ScoringState {
  busy = $state(false);
  message = $state('');
  judgeProgress = $state.raw<RunProgress | null>(null);
  #judge: JudgeRun | null = null;

  constructor(
    readonly db: IatroscopeDb,
    readonly cases: () => Case[],
    readonly endpoints: EndpointsState,
  ) {}

  /**
   * Judges a run's responses with one of the user's models through the run engine: resumable,
   * rate-limited, at temperature 0. Responses this judge already scored are skipped.
   */
  async judge(runId: string, judgeModelId: string, protocol: JudgeProtocol) {
    const judge = this.endpoints.models.find((m) => m.spec.model_id === judgeModelId);
    if (!judge) throw new Error('Choose a judge model under Models first.');
    this.message = '';
    const run = createJudgeRun({
      protocol,
      judge: judge.spec,
      responses: await this.db.responses.where('run_id').equals(runId).toArray(),
      cases: this.cases(),
      scoreStore: createDexieScoreStore(this.db),
      getProvider: () => loadProvider(this.endpoints.configFor(judge.endpoint)),
      events: { onProgress: (p) => (this.judgeProgress = p) },
    });
    this.#judge = run;
    const result = await run.start();
    const s = run.summary();
    this.message =
      result.state === 'completed'
        ? `Judged with ${judge.spec.model} (${protocol}): ${s.parse_failures} answer(s) could not be parsed and are counted as parse failures.`
        : `Judging ${result.state}${result.error ? `: ${result.error}` : ''}.`;
    this.#judge = null;
  }

  cancelJudge() {
    this.#judge?.cancel();
  }

  /** (Re)scores every answered response of a run with the local scorer; deterministic, so rescoring replaces. */
  async scoreLocal(runId: string): Promise<number> {
    this.busy = true;
    try {
      const byId = new Map(this.cases().map((c) => [c.id, c]));
      const responses = await this.db.responses.where('run_id').equals(runId).toArray();
      const now = new Date().toISOString();
      const records = localScoreRecords(
        responses.filter((r) => r.status !== 'error' && byId.has(r.case_id)).map((r) => ({ response: r, case: byId.get(r.case_id)! })),
        now,
      );
      await guardQuota(() => this.db.scores.bulkPut(records));
      this.message = `Scored ${records.length} responses with the local scorer.`;
      return records.length;
    } catch (e) {
      this.message = (e as Error).message;
      return 0;
    } finally {
      this.busy = false;
    }
  }
}

const KEY = Symbol('scoring');
export const setScoring = (s: ScoringState) => setContext(KEY, s);
export const getScoring = () => getContext<ScoringState>(KEY);
