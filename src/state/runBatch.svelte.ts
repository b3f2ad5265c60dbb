/**
 * Batch runs from the browser, for one run: export the provider's batch request file, import
 * its results file(s), and, where the provider answers a browser (Gemini), submit directly and
 * poll. Batch ids go to IndexedDB the moment each create returns, so a reload polls them instead
 * of submitting again. Every import is matched whole before anything is written, and written in
 * one transaction.
 */
import { API_PROVIDER_KINDS, cellKey, type ApiProviderKind } from '../core/domain';
import { matchBatchResults, runBatchItems, type BatchResultLine, type RunBatchItem, type SubmittedAppBatch } from '../core/batch/runBatch';
import { splitAtLimits, lineBytes } from '../core/batch/batchSplit';
import { plural } from '../core/plural';
import type { ResponseRecord, RunSpec } from '../core/run/types';
import type { BatchApi, BatchResultItem } from '../providers/batch/batchApi';
import type { BatchRequestFile } from '../providers/batch/batchFiles';
import { presetFor } from '../providers/presets';
import type { RunsState } from './runs.svelte';

/** Between two polls of the batches still out (ms). */
export const POLL_MS = 1500;

/** What each provider's batch API allows from a browser tab, said next to the export button. */
export const BROWSER_BATCH_NOTE: Record<ApiProviderKind, string> = {
  anthropic: "Anthropic's batch API can't be called from a browser: export the file, submit it in the console or with the CLI, then import the results.",
  'openai-compatible':
    "OpenAI's file upload, which every batch needs, can't be called from a browser: export the file, upload it on the platform's Batches page or with the CLI, then import the output and error files.",
  gemini: "Gemini's batch mode can be called from this page: submit directly, or export the file for AI Studio or the CLI.",
};

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export class RunBatch {
  /** The files of the last export, to download (again). */
  files = $state.raw<BatchRequestFile[]>([]);
  batches = $state.raw<SubmittedAppBatch[]>([]);
  message = $state('');
  error = $state('');
  busy = $state(false);
  /** Batches out are being polled. */
  polling = $state(false);
  readonly #stop = new AbortController();

  constructor(
    readonly runs: RunsState,
    readonly runId: string,
  ) {
    this.#resume().catch((e: unknown) => (this.error = `Could not read this run's submitted batches: ${e instanceof Error ? e.message : String(e)}`));
  }

  get #store() {
    return this.runs.store;
  }

  /** The run's API providers (in-browser models have no batch engine). */
  kinds(spec: RunSpec): ApiProviderKind[] {
    return [...new Set(spec.models.map((m) => m.provider.kind))].filter((k): k is ApiProviderKind => (API_PROVIDER_KINDS as readonly string[]).includes(k));
  }

  get open(): SubmittedAppBatch[] {
    return this.batches.filter((b) => !b.collected);
  }

  stop() {
    this.#stop.abort();
  }

  async #spec(): Promise<RunSpec> {
    const row = await this.#store.run(this.runId);
    if (!row) throw new Error(`No run ${this.runId}`);
    return row.spec;
  }

  /** The cells still to answer (none stored, or failed), and the stored records by cell key. */
  async #pending(spec: RunSpec): Promise<{ items: RunBatchItem[]; stored: Map<string, ResponseRecord> }> {
    const stored = new Map((await this.#store.responsesOfRun(this.runId)).map((r) => [cellKey(r), r]));
    const statuses = new Map([...stored].map(([k, r]) => [k, r.status]));
    return { items: runBatchItems(spec, this.runs.cases(), statuses), stored };
  }

  async #task(work: () => Promise<void>) {
    this.busy = true;
    this.error = '';
    this.message = '';
    try {
      await work();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }

  /** Builds the request files of every API provider in the run, for the cells still to answer. */
  exportFiles(): Promise<void> {
    return this.#task(async () => {
      const spec = await this.#spec();
      const { items } = await this.#pending(spec);
      if (items.length === 0) {
        this.files = [];
        this.message = 'Every cell of this run has an answer: there is nothing to batch.';
        return;
      }
      const { batchRequestFiles } = await import('../providers/batch/batchFiles');
      const files: BatchRequestFile[] = [];
      for (const kind of this.kinds(spec)) {
        const models = spec.models.filter((m) => m.provider.kind === kind);
        const mine = items.filter((i) => models.some((m) => m.model_id === i.sent.cell.model_id));
        const wire = presetFor(models[0]!.provider)?.wire ?? {};
        files.push(...batchRequestFiles(kind, spec.name, mine.map((i) => ({ key: i.key, request: i.sent.request })), wire));
      }
      this.files = files;
      const n = files.reduce((a, f) => a + f.requests, 0);
      this.message = `${plural(n, 'request')} in ${plural(files.length, 'file')}.`;
    });
  }

  /**
   * Reads the results files, matches every result to its cell, and stores them in one
   * transaction; nothing is written when any file or line does not fit the run.
   */
  importFiles(files: readonly { path: string; text: string }[]): Promise<void> {
    return this.#task(async () => {
      if (files.length === 0) throw new Error('No file chosen.');
      const { readBatchResults } = await import('../providers/batch/batchFiles');
      const lines = files.flatMap((f) => readBatchResults(f.path, f.text));
      const { written, kept, failed } = await this.#storeResults(lines, await this.#spec());
      this.message = `Stored ${plural(written, 'response')} from ${plural(files.length, 'file')}${failed ? ` (${failed} failed: shown in the table, to retry live or in a new batch)` : ''}${kept ? `; ${kept} already answered, kept as stored` : ''}.`;
    });
  }

  async #storeResults(lines: readonly BatchResultLine[], spec: RunSpec) {
    const { stored } = await this.#pending(spec);
    const records = matchBatchResults(spec, this.runs.cases(), lines, {
      price: (m) => this.runs.endpoints.priceFor(m),
      priorAttempts: (key) => stored.get(key)?.attempts ?? 0,
      now: Date.now(),
    });
    const r = await this.#store.putBatchResponses(records);
    await this.#refresh();
    return { ...r, failed: records.filter((x) => x.status === 'error').length };
  }

  /** The run's view reads the store again: replaced and deleted records are not new ids. */
  async #refresh() {
    this.runs.open(this.runId).replaceAll(await this.#store.responsesOfRun(this.runId));
  }

  /** Deletes the failed records and resumes the run live, which asks those cells again. */
  retryFailedLive(): Promise<void> {
    return this.#task(async () => {
      const n = await this.#store.dropFailedResponses(this.runId);
      await this.#refresh();
      this.message = `${plural(n, 'failed cell')} will be asked again live.`;
      void this.runs.start(this.runId);
    });
  }

  async #api(modelId: string): Promise<BatchApi> {
    const ep = this.runs.endpoints.endpointFor(modelId);
    if (!ep) throw new Error(`The model source for ${modelId} was removed; add it again under Models.`);
    const { loadBatchApi } = await import('../providers/batch/loadBatchApi');
    const config = this.runs.endpoints.configFor(ep);
    return loadBatchApi({ ...config, kind: ep.kind as ApiProviderKind });
  }

  /** Submits the Gemini cells still to answer (and not already in a batch out), then polls. */
  submit(): Promise<void> {
    return this.#task(async () => {
      const spec = await this.#spec();
      const out = new Set(this.open.flatMap((b) => b.keys));
      const { items } = await this.#pending(spec);
      let sent = 0;
      for (const m of spec.models.filter((x) => x.provider.kind === 'gemini')) {
        const mine = items.filter((i) => i.sent.cell.model_id === m.model_id && !out.has(i.key));
        if (mine.length === 0) continue;
        const api = await this.#api(m.model_id);
        const lines = mine.map((i) => {
          const line = api.line({ key: i.key, request: i.sent.request });
          return { key: i.key, line, bytes: lineBytes(line) };
        });
        for (const chunk of splitAtLimits(lines, api.limits)) {
          const id = await api.submit(chunk.map((c) => c.line), m.model);
          // Recorded before anything else, so a reload from here on polls this batch and never sends it again.
          await this.#save([...this.batches, { id, model_id: m.model_id, keys: chunk.map((c) => c.key), submitted_at: new Date().toISOString(), state: 'submitted', collected: false }]);
          sent += chunk.length;
        }
      }
      this.message = sent ? `Submitted ${plural(sent, 'request')}; polling…` : 'Every Gemini cell is answered or already in a batch.';
    }).then(() => this.#poll());
  }

  async #save(batches: SubmittedAppBatch[]) {
    await this.#store.putSubmittedBatches(this.runId, batches);
    this.batches = batches;
  }

  async #resume() {
    this.batches = await this.#store.submittedBatches(this.runId);
    if (this.open.length) await this.#poll();
  }

  /** Polls again after a failed poll (the network was down, the key was wrong). */
  pollAgain(): Promise<void> {
    return this.#poll();
  }

  /** Polls every batch still out until each has ended and its results are stored. */
  async #poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    this.error = '';
    try {
      while (this.open.length && !this.#stop.signal.aborted) {
        for (const b of this.open) await this.#pollOne(b);
        if (this.open.length) await sleep(POLL_MS, this.#stop.signal);
      }
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.polling = false;
    }
  }

  async #pollOne(b: SubmittedAppBatch) {
    const api = await this.#api(b.model_id);
    const st = await api.status(b.id);
    const update = (changes: Partial<SubmittedAppBatch>) => this.#save(this.batches.map((x) => (x.id === b.id ? { ...x, ...changes } : x)));
    if (!st.ended) return update({ state: st.state });
    const results: BatchResultItem[] = await api.results(b.id, b.keys);
    const got = new Set(results.map((r) => r.key));
    const missing = b.keys.filter((k) => !got.has(k)).map((key) => ({ key, result: { kind: 'failed' as const, message: `the batch ended "${st.state}" without a result for this request${st.error ? `: ${st.error}` : ''}`, expired: /EXPIRED/.test(st.state) } }));
    const lines = [...results, ...missing].map((r, i) => ({ file: `batch ${b.id}`, line: i + 1, ...r }));
    const { written, failed } = await this.#storeResults(lines, await this.#spec());
    await update({ state: st.state, collected: true });
    this.message = `Batch ${b.id} ended (${st.state}): stored ${plural(written, 'response')}${failed ? `, ${failed} failed` : ''}.`;
  }
}
