import { getContext, setContext } from 'svelte';
import type { Case } from '../core/caseSchema';
import { createJudgeRun, type JudgeProtocol, type JudgeRun } from '../core/judge';
import type { RunProgress } from '../core/run/engine';
import { loadProvider } from '../providers/registry';
import { guardQuota } from '../storage/quota';
import { createDexieScoreStore } from '../storage/scoreStore';
import type { EndpointsState } from './endpoints.svelte';
import type { IatroscopeDb } from '../storage/db';
import type { LocalScoringReply, LocalScoringRequest } from './scoringWorker';
import type { ScoreRecord } from '../core/scoreRecord';

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
   * rescoring replaces. Scoring runs in a worker (with progress); the verdicts are stored in one
   * transaction, so a failure leaves the earlier scores as they were.
   */
  async scoreLocal(runId: string): Promise<number> {
    this.busy = true;
    try {
      const cases = this.cases();
      const known = new Set(cases.map((c) => c.id));
      const responses = (await this.db.responses.where('run_id').equals(runId).toArray()).filter((r) => r.status !== 'error' && known.has(r.case_id));
      this.localProgress = { done: 0, total: responses.length };
      const { records, ms } = await this.#scoreInWorker({ id: ++this.#seq, cases: $state.snapshot(cases) as Case[], responses, now: new Date().toISOString() });
      const t0 = performance.now();
      await guardQuota(() => this.db.scores.bulkPut(records));
      const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
      this.message = `Scored ${records.length} responses with the local scorer. Scoring took ${s(ms)}, storing ${s(performance.now() - t0)}.`;
      return records.length;
    } catch (e) {
      this.message = (e as Error).message;
      return 0;
    } finally {
      this.busy = false;
      this.localProgress = null;
    }
  }

  #scoreInWorker(request: LocalScoringRequest): Promise<{ records: ScoreRecord[]; ms: number }> {
    this.#worker ??= new Worker(new URL('./scoringWorker.ts', import.meta.url), { type: 'module' });
    const w = this.#worker;
    return new Promise((resolve, reject) => {
      const on = (e: MessageEvent<LocalScoringReply>) => {
        const reply = e.data;
        if (reply.id !== request.id) return;
        if (reply.type === 'progress') {
          this.localProgress = { done: reply.done, total: reply.total };
          return;
        }
        w.removeEventListener('message', on);
        w.removeEventListener('error', failed);
        if (reply.type === 'done') resolve(reply);
        else reject(new Error(`Local scoring failed: ${reply.error}`));
      };
      const failed = (e: ErrorEvent) => {
        w.removeEventListener('message', on);
        w.removeEventListener('error', failed);
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
