/**
 * The providers' own batch engines behind one small interface: build a request line, submit a
 * batch, poll it, read its results. Each provider's module uses its official SDK and builds its
 * lines with the live adapter's own request builder, so a batch asks exactly what a live run
 * asks. Browser-safe (no Node built-ins): the app can build a request file with `line` and read
 * results with the same code.
 */
import type { BatchItemResult } from '../../core/batch/batchRecords';
import type { BatchLimits } from '../../core/batch/batchSplit';
import { ProviderError, type ChatRequest, type ProviderConfig } from '../../core/provider';
import { redact } from '../providerErrors';

export interface BatchRequest {
  /** The batch key (core/batch/batchKey.ts). */
  key: string;
  request: Pick<ChatRequest, 'model' | 'messages' | 'params'>;
}

export interface BatchStatus {
  /** The provider's own word for the batch's state ("in_progress", "JOB_STATE_RUNNING", ...). */
  state: string;
  /** Results can be read: the batch completed, failed, expired or was cancelled. */
  ended: boolean;
  /** Counts when the provider gives them mid-run (Gemini's SDK does not). */
  succeeded: number | null;
  failed: number | null;
  /** A batch-level error (a rejected input file, a failed job), when there is one. */
  error: string | null;
}

export interface BatchResultItem {
  key: string;
  result: BatchItemResult;
}

export interface BatchApi {
  readonly label: string;
  readonly limits: BatchLimits;
  /** Each batch holds one model's requests (OpenAI's input files, Gemini's per-model endpoint). */
  readonly oneModelPerBatch: boolean;
  /** The request as one entry of the provider's batch input. */
  line(r: BatchRequest): unknown;
  /** Submits the lines as one batch; resolves to the batch id once the provider has it. */
  submit(lines: readonly unknown[], model: string): Promise<string>;
  status(id: string): Promise<BatchStatus>;
  /** The results of an ended batch; `keys` are the batch's keys in submission order. */
  results(id: string, keys: readonly string[]): Promise<BatchResultItem[]>;
}

/** The official batch endpoints all need a key. */
export function requireKey(config: ProviderConfig, label: string): string {
  if (!config.apiKey) throw new ProviderError(`No API key is set for ${label}: its batch API needs one.`, 'fatal');
  return config.apiKey;
}

/** An SDK failure as one plain sentence that names what was being done and never holds the key. */
export function batchError(label: string, what: string, e: unknown, apiKey: string): Error {
  const said = e instanceof Error ? e.message : String(e);
  return new Error(redact(`${label} batch API: could not ${what}: ${said}`, apiKey));
}

/** Calls the SDK, turning any failure into batchError. */
export async function guarded<T>(label: string, what: string, apiKey: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw batchError(label, what, e, apiKey);
  }
}
