import { getContext, setContext } from 'svelte';
import type { Case } from '../core/caseSchema';
import { cellKey } from '../core/domain';
import { createRun, expandCells, type RunController, type RunProgress } from '../core/run/engine';
import type { Retry } from '../core/run/scheduler';
import { runSpecSchema, type ResponseRecord, type RunSpecInput } from '../core/run/types';
import { loadProvider } from '../providers/registry';
import type { RunRow } from '../core/workspaceFormat';
import type { Store } from '../storage/store';
import type { EndpointsState } from './endpoints.svelte';
import { LiveQuery } from './liveQuery.svelte';

/** A run being watched in this tab: its live progress, streaming text and stored responses. */
export class ActiveRun {
  progress = $state.raw<RunProgress | null>(null);
  /** Text streaming in for cells in flight, by cell key. */
  streaming = $state.raw<ReadonlyMap<string, string>>(new Map());
  responses = $state.raw<ResponseRecord[]>([]);
  /** Cells waiting to be tried again (after a 429, a 500, a dropped connection), by cell key. */
  retrying = $state.raw<ReadonlyMap<string, Retry>>(new Map());
  /** Retries in this tab's session of the run, so absorbed errors are not silent. */
  retries = $state(0);
  controller: RunController | null = null;
  loaded = $state(false);
  /** Why this tab is not driving the run, when it is not (another tab has it; the network is down). */
  notice = $state('');

  constructor(readonly id: string) {}
}

/** The map without a key; the same map when the key is absent, so nothing re-renders. */
function without<V>(m: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  if (!m.has(key)) return m;
  const next = new Map(m);
  next.delete(key);
  return next;
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
      const run = a;
      this.store.responsesOfRun(id).then((rows) => {
        // Responses stored by the live controller meanwhile are kept, not duplicated.
        const seen = new Set(run.responses.map((r) => r.id));
        run.responses = [...rows.filter((r) => !seen.has(r.id)), ...run.responses];
        run.loaded = true;
      });
    }
    return a;
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
    await navigator.locks.request(`iatroscope-run:${id}`, { ifAvailable: true }, async (lock) => {
      if (!lock) {
        run.notice = 'This run is running in another tab or window of this browser; follow it there.';
        return;
      }
      run.notice = '';
      await this.#drive(id, run);
    });
  }

  async #drive(id: string, run: ActiveRun): Promise<void> {
    const row = await this.store.run(id);
    if (!row) throw new Error(`No run ${id}`);
    const setState = (state: RunRow['state'], error: string | null = null) => this.store.setRunState(id, state, error);
    const controller = createRun(
      row.spec,
      {
        cases: this.cases(),
        store: this.store.responseStore(),
        getProvider: async (m) => {
          const ep = this.endpoints.endpointFor(m.model_id);
          if (!ep) throw new Error(`The model source for ${m.model} was removed; add it again under Models.`);
          return loadProvider(this.endpoints.configFor(ep));
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
          run.streaming = without(run.streaming, key);
        },
        onToken: (key, delta) => {
          const next = new Map(run.streaming);
          next.set(key, (next.get(key) ?? '') + delta);
          run.streaming = next;
        },
        onResponse: (r) => {
          run.responses = [...run.responses, r];
          const key = cellKey(r);
          run.retrying = without(run.retrying, key);
          run.streaming = without(run.streaming, key);
        },
      },
    );
    run.controller = controller;
    await setState('running');
    const result = await controller.start();
    run.streaming = new Map();
    await setState(result.state, result.error);
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
