/**
 * Gemini's batch mode through the official @google/genai SDK, with the requests inlined in the
 * create call (no file upload); results come back inlined in the finished job, in order, each
 * with the metadata its request carried.
 */
import { GoogleGenAI, type InlinedRequest, type InlinedResponse } from '@google/genai';
import type { ProviderConfig } from '../../core/provider';
import type { BatchLimits } from '../../core/batch/batchSplit';
import type { BatchItemResult } from '../../core/batch/batchRecords';
import { generateParams, readResponse } from '../gemini';
import { connectionFor } from '../presets';
import { guarded, requireKey, type BatchApi, type BatchResultItem } from './batchApi';

/**
 * Inline requests suit batches "that keep the total request size under 20MB"; larger ones need
 * the File API (ai.google.dev/gemini-api/docs/batch-mode). No request count is stated for them.
 */
export const GEMINI_BATCH_LIMITS: BatchLimits = { maxRequests: Number.MAX_SAFE_INTEGER, maxBytes: 20 * 1024 * 1024 };

const ENDED = new Set(['JOB_STATE_SUCCEEDED', 'JOB_STATE_FAILED', 'JOB_STATE_CANCELLED', 'JOB_STATE_EXPIRED']);

export function createBatchApi(config: ProviderConfig): BatchApi {
  const c = connectionFor(config, { preset: 'gemini', label: 'Gemini' });
  const label = c.ctx.label;
  const apiKey = requireKey(config, label);
  const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl: c.baseUrl } });
  const call = <T>(what: string, f: () => Promise<T>) => guarded(label, what, apiKey, f);

  return {
    label,
    limits: GEMINI_BATCH_LIMITS,
    oneModelPerBatch: true,
    line({ key, request }): InlinedRequest {
      const { contents, config } = generateParams(request);
      return { contents, config, metadata: { key } };
    },
    async submit(lines, model) {
      const job = await call('create the batch', () => ai.batches.create({ model, src: lines as InlinedRequest[] }));
      if (!job.name) throw new Error(`${label} batch API: the create call returned no batch name`);
      return job.name;
    },
    async status(name) {
      const job = await call(`read batch ${name}`, () => ai.batches.get({ name }));
      const state = job.state ?? 'JOB_STATE_UNSPECIFIED';
      return { state, ended: ENDED.has(state), succeeded: null, failed: null, error: job.error?.message ?? null };
    },
    async results(name, keys) {
      const job = await call(`read the results of batch ${name}`, () => ai.batches.get({ name }));
      return (job.dest?.inlinedResponses ?? []).flatMap((r, i): BatchResultItem[] => {
        const key = r.metadata?.key ?? keys[i];
        return key === undefined ? [] : [{ key, result: resultOf(r) }];
      });
    },
  };
}

export function resultOf(r: InlinedResponse): BatchItemResult {
  if (r.response && !r.error) return { kind: 'done', value: { ...readResponse(r.response), latency_ms: 0 } };
  // Gemini ends an expired job's unfinished requests with code 4 (DEADLINE_EXCEEDED).
  return { kind: 'failed', message: r.error?.message ?? `error ${r.error?.code ?? 'with no message'}`, expired: r.error?.code === 4 };
}
