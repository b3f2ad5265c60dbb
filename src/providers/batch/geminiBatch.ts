/**
 * Gemini's batch mode through the official @google/genai SDK, with the requests inlined in the
 * create call (no file upload); results come back inlined in the finished job, in order, each
 * with the metadata its request carried.
 */
import { GoogleGenAI, type InlinedRequest } from '@google/genai';
import type { ProviderConfig } from '../../core/provider';
import { connectionFor } from '../presets';
import { guarded, requireKey, type BatchApi, type BatchResultItem } from './batchApi';
import { GEMINI_BATCH_LIMITS, geminiInlined, geminiResult } from './batchWire';

export { GEMINI_BATCH_LIMITS };

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
    line: geminiInlined,
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
        return key === undefined ? [] : [{ key, result: geminiResult(r) }];
      });
    },
  };
}
