/** Anthropic's Message Batches API through the official SDK. */
import Anthropic from '@anthropic-ai/sdk';
import type { ProviderConfig } from '../../core/provider';
import { connectionFor } from '../presets';
import { guarded, requireKey, type BatchApi, type BatchResultItem } from './batchApi';
import { ANTHROPIC_BATCH_LIMITS, anthropicLine, anthropicResult } from './batchWire';

export { ANTHROPIC_BATCH_LIMITS };

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
    line: anthropicLine,
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
        for await (const r of await client.messages.batches.results(id)) items.push({ key: r.custom_id, result: anthropicResult(r.result) });
        return items;
      });
    },
  };
}
