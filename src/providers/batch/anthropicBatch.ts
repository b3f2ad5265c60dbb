/** Anthropic's Message Batches API through the official SDK. */
import Anthropic from '@anthropic-ai/sdk';
import type { ProviderConfig } from '../../core/provider';
import type { BatchLimits } from '../../core/batch/batchSplit';
import type { BatchItemResult } from '../../core/batch/batchRecords';
import { messageParams, readMessage } from '../anthropic';
import { connectionFor } from '../presets';
import { guarded, requireKey, type BatchApi, type BatchResultItem } from './batchApi';

/**
 * "A Message Batch is limited to either 100,000 Message requests or 256 MB in size, whichever
 * is reached first" (docs.anthropic.com/en/docs/build-with-claude/batch-processing).
 */
export const ANTHROPIC_BATCH_LIMITS: BatchLimits = { maxRequests: 100_000, maxBytes: 256 * 1024 * 1024 };

export function createBatchApi(config: ProviderConfig): BatchApi {
  const c = connectionFor(config, { preset: 'anthropic', label: 'Anthropic' });
  const label = c.ctx.label;
  const apiKey = requireKey(config, label);
  // No SDK retries: a create sent twice would be a batch paid for twice.
  const client = new Anthropic({ apiKey, baseURL: c.baseUrl, dangerouslyAllowBrowser: true, maxRetries: 0, logLevel: 'off' });
  const call = <T>(what: string, f: () => Promise<T>) => guarded(label, what, apiKey, f);

  return {
    label,
    limits: ANTHROPIC_BATCH_LIMITS,
    oneModelPerBatch: false,
    line: ({ key, request }) => ({ custom_id: key, params: messageParams(request) }),
    async submit(lines) {
      const requests = lines as Anthropic.Messages.BatchCreateParams.Request[];
      return (await call('create the batch', () => client.messages.batches.create({ requests }))).id;
    },
    async status(id) {
      const b = await call(`read batch ${id}`, () => client.messages.batches.retrieve(id));
      const n = b.request_counts;
      return { state: b.processing_status, ended: b.processing_status === 'ended', succeeded: n.succeeded, failed: n.errored + n.expired + n.canceled, error: null };
    },
    async results(id) {
      return call(`read the results of batch ${id}`, async () => {
        const items: BatchResultItem[] = [];
        for await (const r of await client.messages.batches.results(id)) items.push({ key: r.custom_id, result: resultOf(r.result) });
        return items;
      });
    },
  };
}

export function resultOf(r: Anthropic.Messages.MessageBatchResult): BatchItemResult {
  switch (r.type) {
    case 'succeeded':
      return { kind: 'done', value: { ...readMessage(r.message), latency_ms: 0 } };
    case 'errored':
      return { kind: 'failed', message: r.error.error.message || r.error.error.type, expired: false };
    case 'expired':
      return { kind: 'failed', message: 'Anthropic reports the request expired.', expired: true };
    default:
      return { kind: 'failed', message: 'The batch was cancelled before this request was answered.', expired: false };
  }
}
