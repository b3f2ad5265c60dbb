import { getContext, setContext } from 'svelte';
import type { Case } from '../core/caseSchema';
import { cellKey } from '../core/domain';
import type { ChatRequest, Provider } from '../core/provider';
import { createRun, expandCells } from '../core/run/engine';
import { runSpecSchema, type ModelSpec, type RunSpecInput } from '../core/run/types';
import { loadProvider } from '../providers/registry';
import type { RunRow } from '../core/workspaceFormat';
import type { Store } from '../storage/store';
import type { EndpointsState } from './endpoints.svelte';
import { ActiveRun, without } from './activeRun.svelte';
import { LiveQuery } from './liveQuery.svelte';

export { ActiveRun };

const FOLLOWING = 'This run is running in another tab or window of this browser; its progress shows here as it goes.';

/** The Web Lock a tab holds while it drives a run. */
const lockName = (id: string) => `iatroscope-run:${id}`;

/** A provider whose requests are reported as they go out and as they end (answered or not). */
function reportingSent(p: Provider, sent: (req: ChatRequest) => () => void): Provider {
  return {
    kind: p.kind,
    concurrencyKey: p.concurrencyKey,
    maxConcurrency: p.maxConcurrency,
    classifyError: (e) => p.classifyError(e),
    chat: async (req) => {
      const ended = sent(req);
      try {
        return await p.chat(req);
      } finally {
        ended();
      }
    },
  };
}

export class RunsState {
  #rows: LiveQuery<RunRow[]>;
  #active = new Map<string, ActiveRun>();

  constructor(
    readonly store: Store,
    readonly endpoints: EndpointsState,
    readonly cases: () => Case[],
  ) {
    this.#rows = new LiveQuery(() => store.runsNewestFirst());
    // Going offline mid-run pauses it (requests would only fail and burn retries); coming back resumes.
    $effect(() => {
      const offline = () => this.#onNetwork(false);
      const online = () => this.#onNetwork(true);
      addEventListener('offline', offline);
      addEventListener('online', online);
      return () => {
        removeEventListener('offline', offline);
        removeEventListener('online', online);
      };
    });
    // A run open here that another tab starts, or that a closed tab left running, is followed or taken over.
    $effect(() => {
      for (const row of this.list) if (row.state === 'running' || row.state === 'pausing') this.#adopt(row.id);
    });
  }

  #pausedOffline = new Set<string>();

  #onNetwork(up: boolean) {
    for (const [id, run] of this.#active) {
      const state = run.controller?.progress().state;
      if (!up && state === 'running') {
        run.controller!.pause();
        this.#pausedOffline.add(id);
        run.notice = 'The network is down: the run is paused and will resume by itself when the connection returns.';
      } else if (up && this.#pausedOffline.delete(id)) {
        run.notice = '';
        run.controller?.resume();
      }
    }
  }

  get list(): RunRow[] {
    return this.#rows.current ?? [];
  }

  get loading() {
    return this.#rows.isLoading;
  }

  row(id: string): RunRow | undefined {
    return this.list.find((r) => r.id === id);
  }

  /** Number of calls the spec makes (framings a case lacks are not calls). */
  callCount(spec: RunSpecInput): number {
    return expandCells(runSpecSchema.parse(spec), this.cases()).length;
  }

  /**
   * The most a spec can cost: every prompt's tokens (about 4 characters each) in, and the full
   * output budget out, per call. Null when any chosen model has no price.
   */
  maxCost(spec: RunSpecInput): number | null {
    const parsed = runSpecSchema.parse(spec);
    const byId = new Map(this.cases().map((c) => [c.id, c]));
    let total = 0;
    for (const cell of expandCells(parsed, this.cases())) {
      const price = this.endpoints.priceFor(cell.model_id);
      if (!price) return null;
      const promptTokens = Math.ceil((byId.get(cell.case_id)?.framings[cell.framing]?.prompt.length ?? 0) / 4);
      total += (promptTokens * price.input_per_mtok + parsed.params.max_tokens * price.output_per_mtok) / 1e6;
    }
    return total;
  }

  async create(input: Omit<RunSpecInput, 'id' | 'created_at'>): Promise<string> {
    const created_at = new Date().toISOString();
    const id = `run-${created_at.replace(/[-:.TZ]/g, '').slice(0, 14)}-${Math.random().toString(36).slice(2, 6)}`;
    const spec = runSpecSchema.parse({ ...input, id, created_at });
    await this.store.addRun({ id, created_at, spec, state: 'idle', error: null });
    return id;
  }

  /** The watched run for an id, loading its stored responses once. */
  open(id: string): ActiveRun {
    let a = this.#active.get(id);
    if (!a) {
      a = new ActiveRun(id);
      this.#active.set(id, a);
      a.follow(this.store);
      void this.store.run(id).then((row) => {
        if (row?.state === 'running' || row?.state === 'pausing') this.#adopt(id);
      });
    }
    return a;
  }

  /**
   * A run stored as running that this tab does not drive: if no tab holds its lock, the tab that
   * drove it closed or reloaded mid-run, so this one resumes it by itself; if another tab holds
   * it, this one follows its progress and waits in line, taking over only if that tab closes
   * before the run ends.
   */
  #adopt(id: string): void {
    const run = this.#active.get(id);
    if (!run || run.controller || run.claiming) return;
    run.claiming = true;
    const takeOver = async () => {
      run.following = false;
      run.notice = '';
      const row = await this.store.run(id);
      if (row?.state === 'running' || row?.state === 'pausing') await this.#drive(id, run);
    };
    // Without Web Locks (a page not served from a secure origin) there is no telling; the
    // write-once response ids still keep two tabs from storing a cell twice.
    if (!navigator.locks) return void takeOver().finally(() => (run.claiming = false));
    void navigator.locks
      .request(lockName(id), { ifAvailable: true }, async (lock) => {
        if (lock) return takeOver();
        run.following = true;
        run.notice = FOLLOWING;
        await navigator.locks.request(lockName(id), takeOver);
      })
      .finally(() => (run.claiming = false));
  }

  /**
   * Starts or resumes a run in this tab. A Web Lock per run makes sure two tabs on the same
   * workspace never drive the same run (and so never send the same cell twice); the write-once
   * response ids are the second line of defence.
   */
  async start(id: string): Promise<void> {
    const run = this.open(id);
    if (run.controller && ['running', 'pausing', 'paused'].includes(run.controller.progress().state)) return;
    if (!navigator.locks) return this.#drive(id, run);
    await navigator.locks.request(lockName(id), { ifAvailable: true }, async (lock) => {
      if (!lock) {
        run.notice = FOLLOWING;
        return;
      }
      run.notice = '';
      await this.#drive(id, run);
    });
  }

  async #drive(id: string, run: ActiveRun): Promise<void> {
    const row = await this.store.run(id);
    if (!row) throw new Error(`No run ${id}`);
    // Requests a closed or reloaded tab left in flight were sent: they join the run's spend.
    await this.store.chargeUnanswered(id);
    const setState = (state: RunRow['state'], error: string | null = null) => this.store.setRunState(id, state, error);
    const inFlight = this.#inFlightRecorder(id, row.spec.params.max_tokens);
    const controller = createRun(
      row.spec,
      {
        cases: this.cases(),
        store: this.store.responseStore(),
        getProvider: async (m) => {
          const ep = this.endpoints.endpointFor(m.model_id);
          if (!ep) throw new Error(`The model source for ${m.model} was removed; add it again under Models.`);
          return reportingSent(await loadProvider(this.endpoints.configFor(ep)), (req) => inFlight(m, req));
        },
        price: (modelId) => this.endpoints.priceFor(modelId),
      },
      {
        onProgress: (p) => {
          run.progress = p;
          // A pause or an end puts waiting retries back in the queue or drops them.
          if (p.state !== 'running' && run.retrying.size) run.retrying = new Map();
        },
        onRetry: (key, retry) => {
          run.retries++;
          run.retrying = new Map(run.retrying).set(key, retry);
          // The failed attempt's partial text is not the answer; the next attempt streams afresh.
          run.dropStream(key);
        },
        onToken: (key, delta) => run.addToken(key, delta),
        onResponse: (r) => {
          run.addResponses([r]);
          run.retrying = without(run.retrying, cellKey(r));
        },
      },
    );
    run.controller = controller;
    // This tab's answers come from the controller; the store is followed again once it is done.
    run.unfollow();
    await setState('running');
    const result = await controller.start();
    run.dropStream();
    run.flush();
    await setState(result.state, result.error);
    run.follow(this.store);
  }

  /**
   * Keeps the run's row told of the requests in flight and what they may cost (the prompt's
   * tokens, about 4 characters each, plus the full output budget), so that a reload which cuts
   * them off still counts them. Returns a function to call as a request goes out; it returns
   * one to call when the request ends.
   */
  #inFlightRecorder(id: string, maxTokens: number) {
    const open = new Map<number, number | null>();
    let seq = 0;
    let writes = Promise.resolve();
    const record = () => {
      const costs = [...open.values()];
      const sent = costs.length === 0 ? null : { requests: costs.length, cost_usd: costs.includes(null) ? null : costs.reduce<number>((a, c) => a + c!, 0) };
      // In order, so the last write is the latest count.
      writes = writes.then(() => this.store.setRunInFlight(id, sent)).catch(() => undefined);
    };
    return (m: ModelSpec, req: ChatRequest) => {
      const price = this.endpoints.priceFor(m.model_id);
      const promptTokens = Math.ceil(req.messages.reduce((n, msg) => n + msg.content.length, 0) / 4);
      const n = seq++;
      open.set(n, price ? (promptTokens * price.input_per_mtok + maxTokens * price.output_per_mtok) / 1e6 : null);
      record();
      return () => {
        open.delete(n);
        record();
      };
    };
  }

  pause(id: string) {
    this.#active.get(id)?.controller?.pause();
    return this.store.setRunState(id, 'paused');
  }

  resume(id: string) {
    const c = this.#active.get(id)?.controller;
    if (c && c.progress().state === 'paused') {
      c.resume();
      return this.store.setRunState(id, 'running');
    }
    return this.start(id);
  }

  /** Deletes a run with its responses and every verdict on them, in one transaction. */
  async remove(id: string) {
    this.#active.get(id)?.controller?.cancel();
    this.#active.get(id)?.unfollow();
    this.#active.delete(id);
    await this.store.deleteRunCascade(id);
  }

  cancel(id: string) {
    this.#active.get(id)?.controller?.cancel();
  }

  /** True when this tab is driving the run. */
  isLive(id: string): boolean {
    const s = this.#active.get(id)?.controller?.progress().state;
    return s === 'running' || s === 'pausing' || s === 'paused';
  }
}

const KEY = Symbol('runs');
export const setRuns = (s: RunsState) => setContext(KEY, s);
export const getRuns = () => getContext<RunsState>(KEY);
