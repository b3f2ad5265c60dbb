import { getContext, setContext } from 'svelte';
import type { Case } from '../core/caseSchema';
import { plural } from '../core/plural';
import { createJudgeRun, judgeScorer, type JudgeProtocol, type JudgeRun, type ScoreStore } from '../core/judge';
import type { RunProgress } from '../core/run/engine';
import type { ResponseRecord } from '../core/run/types';
import type { ScoreRecord } from '../core/scoreRecord';
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
  #judgeRun: JudgeRun | null = null;
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
    await this.#judge(judgeModelId, protocol, () => this.store.responsesOfRun(runId));
  }

  /**
   * Asks the judge again about the responses whose answers could not be parsed (all of one judge
   * and protocol). Each failed verdict stays until its new one replaces it, so a retry that fails
   * loses nothing.
   */
  async retryJudgeFailures(failures: readonly ScoreRecord[]) {
    const first = failures[0];
    if (!first) return;
    const protocol: JudgeProtocol = first.scorer_kind === 'judge_single' ? 'single' : 'structured';
    const judgeModelId = first.scorer.slice(first.scorer.indexOf(':') + 1);
    if (judgeScorer(protocol, judgeModelId) !== first.scorer || failures.some((f) => f.scorer !== first.scorer)) {
      this.message = 'Only the verdicts of one judge can be retried together.';
      return;
    }
    const ids = new Set(failures.map((f) => f.response_id));
    const stored = this.store.judgeScoreStore();
    const scoreStore: ScoreStore = {
      scoredResponseIds: async (scorer) => new Set([...(await stored.scoredResponseIds(scorer))].filter((id) => !ids.has(id))),
      put: (r) => (ids.has(r.response_id) ? this.store.putScore(r) : stored.put(r)),
    };
    const read = async () => (await this.store.responsesById([...ids])).filter((r): r is ResponseRecord => r !== undefined);
    await this.#judge(judgeModelId, protocol, read, scoreStore);
  }

  /** The judge model among the user's models, for a judge's scorer name to be retried with. */
  hasJudgeModel(scorer: string): boolean {
    return this.endpoints.models.some((m) => scorer.endsWith(`:${m.spec.model_id}`));
  }

  async #judge(judgeModelId: string, protocol: JudgeProtocol, responses: () => Promise<ResponseRecord[]>, scoreStore = this.store.judgeScoreStore()) {
    this.message = '';
    const judge = this.endpoints.models.find((m) => m.spec.model_id === judgeModelId);
    if (!judge) {
      this.message = `The judge model ${judgeModelId} is not among your models: add it under Models first.`;
      return;
    }
    this.busy = true;
    try {
      const run = createJudgeRun({
        protocol,
        judge: judge.spec,
        responses: await responses(),
        cases: this.cases(),
        scoreStore,
        getProvider: () => loadProvider(this.endpoints.configFor(judge.endpoint)),
        events: { onProgress: (p) => (this.judgeProgress = p) },
      });
      this.#judgeRun = run;
      const result = await run.start();
      const s = run.summary();
      this.message =
        result.state === 'completed'
          ? s.parse_failures
            ? `Judged with ${judge.spec.model} (${protocol}): ${plural(s.parse_failures, 'answer')} could not be parsed and ${s.parse_failures === 1 ? 'is' : 'are'} counted as parse failures. Analysis lists them with the judge's own words when you choose this judge, and can ask again.`
            : `Judged with ${judge.spec.model} (${protocol}): every answer parsed.`
          : `Judging ${result.state}${result.error ? `: ${result.error}` : ''}.`;
    } catch (e) {
      this.message = `Judging failed: ${(e as Error).message}`;
    } finally {
      this.#judgeRun = null;
      this.busy = false;
    }
  }

  cancelJudge() {
    this.#judgeRun?.cancel();
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
      this.message = `Scored ${plural(reply.count, 'response')} with the local scorer. Scoring took ${s(reply.scoringMs)}, storing ${s(reply.storingMs)}.`;
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
