import { getContext, setContext } from 'svelte';
import type { Case } from '../core/caseSchema';
import { createJudgeRun, type JudgeProtocol, type JudgeRun } from '../core/judge';
import type { RunProgress } from '../core/run/engine';
import { loadProvider } from '../providers/registry';
import { createDexieScoreStore } from '../storage/scoreStore';
import type { EndpointsState } from './endpoints.svelte';
import type { IatroscopeDb } from '../storage/db';
import type { LocalScoringReply, LocalScoringRequest, LocalScoringSelection } from './scoringWorker';

/** Scoring a run's stored responses; generate once, score many times. */
export class ScoringState {
  busy = $state(false);
  message = $state('');
  judgeProgress = $state.raw<RunProgress | null>(null);
  /** Local scoring under way: responses scored so far of the total. */
  localProgress = $state.raw<{ done: number; total: number } | null>(null);
  #judge: JudgeRun | null = null;
  #worker: Worker | null = null;
  #seq = 0;

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
      const reply = await this.#scoreInWorker({ id: ++this.#seq, dbName: this.db.name, select, cases: $state.snapshot(this.cases()) as Case[], now: new Date().toISOString() });
      const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
      this.message = `Scored ${reply.count} responses with the local scorer. Scoring took ${s(reply.scoringMs)}, storing ${s(reply.storingMs)}.`;
      return reply.count;
    } catch (e) {
      this.message = (e as Error).message;
      return 0;
    } finally {
      this.busy = false;
      this.localProgress = null;
    }
  }

  #scoreInWorker(request: LocalScoringRequest): Promise<Extract<LocalScoringReply, { type: 'done' }>> {
    this.#worker ??= new Worker(new URL('./scoringWorker.ts', import.meta.url), { type: 'module' });
    const w = this.#worker;
    return new Promise((resolve, reject) => {
      const settle = () => {
        w.removeEventListener('message', on);
        w.removeEventListener('error', failed);
      };
      const on = (e: MessageEvent<LocalScoringReply>) => {
        const reply = e.data;
        if (reply.id !== request.id) return;
        if (reply.type === 'progress') {
          this.localProgress = { done: reply.done, total: reply.total };
          return;
        }
        settle();
        if (reply.type === 'done') resolve(reply);
        else reject(new Error(reply.error));
      };
      const failed = (e: ErrorEvent) => {
        settle();
        this.#worker = null;
        reject(new Error(`Local scoring failed: ${e.message || 'the scoring worker stopped'}`));
      };
      w.addEventListener('message', on);
      w.addEventListener('error', failed);
      w.postMessage(request);
    });
  }
}

const KEY = Symbol('scoring');
export const setScoring = (s: ScoringState) => setContext(KEY, s);
export const getScoring = () => getContext<ScoringState>(KEY);
