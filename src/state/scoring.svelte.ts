import { getContext, setContext } from 'svelte';
import type { Case } from '../core/caseSchema';
import { createJudgeRun, type JudgeProtocol, type JudgeRun } from '../core/judge';
import type { RunProgress } from '../core/run/engine';
import { loadProvider } from '../providers/registry';
import type { Store } from '../storage/store';
import { WorkerClient, WorkerFailedError } from '../workers/client';
import type { LocalScoringSelection, ScoringWorkerApi } from '../workers/scoringWorker';
import type { EndpointsState } from './endpoints.svelte';

/** Scoring a run's stored responses; generate once, score many times. */
export class ScoringState {
  busy = $state(false);
  message = $state('');
  judgeProgress = $state.raw<RunProgress | null>(null);
  /** Local scoring under way: responses scored so far of the total. */
  localProgress = $state.raw<{ done: number; total: number } | null>(null);
  #judge: JudgeRun | null = null;
  #worker = new WorkerClient<ScoringWorkerApi>(() => new Worker(new URL('../workers/scoringWorker.ts', import.meta.url), { type: 'module' }), 'the scoring worker');

  constructor(
    readonly store: Store,
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
      responses: await this.store.responsesOfRun(runId),
      cases: this.cases(),
      scoreStore: this.store.judgeScoreStore(),
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

  /**
   * (Re)scores every answered response of a run with the local scorer; deterministic, so
   * rescoring replaces. A worker reads the responses, scores them (reporting progress) and
   * stores the verdicts in one transaction, so a failure leaves the earlier scores as they were.
   */
  async scoreLocal(runId: string): Promise<number> {
    return this.#scoreLocal({ runId });
  }

  /** Rescores exactly these stored responses with the local scorer, e.g. an analysis selection's. */
  async scoreLocalResponses(responseIds: string[]): Promise<number> {
    return this.#scoreLocal({ responseIds });
  }

  async #scoreLocal(select: LocalScoringSelection): Promise<number> {
    this.busy = true;
    try {
      const params = { dbName: this.store.name, select, cases: $state.snapshot(this.cases()) as Case[], now: new Date().toISOString() };
      const reply = await this.#worker.request('score', params, (p) => (this.localProgress = p));
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      this.message = `Scored ${reply.count} responses with the local scorer. Scoring took ${s(reply.scoringMs)}, storing ${s(reply.storingMs)}.`;
      return reply.count;
    } catch (e) {
      this.message = e instanceof WorkerFailedError ? `Local scoring failed: ${e.message}` : (e as Error).message;
      return 0;
    } finally {
      this.busy = false;
      this.localProgress = null;
    }
  }
}

const KEY = Symbol('scoring');
export const setScoring = (s: ScoringState) => setContext(KEY, s);
export const getScoring = () => getContext<ScoringState>(KEY);
