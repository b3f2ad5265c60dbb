/**
 * OpenAI's Batch API through the official SDK: the lines go up as a JSONL file (Files API,
 * purpose "batch"), a batch is created on it for /v1/chat/completions, and its output and error
 * files are read back when it ends.
 */
import OpenAI, { toFile } from 'openai';
import type { ProviderConfig } from '../../core/provider';
import { connectionFor } from '../presets';
import { guarded, requireKey, type BatchApi, type BatchResultItem, type BatchStatus } from './batchApi';
import { OPENAI_BATCH_LIMITS, openaiLine, openaiResult } from './batchWire';

export { OPENAI_BATCH_LIMITS };

const ENDED = new Set(['completed', 'failed', 'expired', 'cancelled']);

type Json = Record<string, unknown>;

export function createBatchApi(config: ProviderConfig): BatchApi {
  const c = connectionFor(config);
  const label = c.ctx.label;
  const apiKey = requireKey(config, label);
  const wire = c.preset?.wire ?? {};
  // No SDK retries: a create sent twice would be a batch paid for twice.
  const client = new OpenAI({ apiKey, baseURL: c.baseUrl, dangerouslyAllowBrowser: true, maxRetries: 0, logLevel: 'off' });
  const call = <T>(what: string, f: () => Promise<T>) => guarded(label, what, apiKey, f);

  return {
    label,
    limits: OPENAI_BATCH_LIMITS,
    oneModelPerBatch: true,
    line: (r) => openaiLine(r, wire),
    async submit(lines) {
      const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
      const file = await call('upload the request file', async () =>
        client.files.create({ file: await toFile(new Blob([text], { type: 'application/jsonl' }), 'requests.jsonl'), purpose: 'batch' }),
      );
      const batch = await call('create the batch', () =>
        client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' }),
      );
      return batch.id;
    },
    async status(id): Promise<BatchStatus> {
      const b = await call(`read batch ${id}`, () => client.batches.retrieve(id));
      const error = b.errors?.data?.map((e) => e.message).filter(Boolean).join('; ') || null;
      const counts = b.request_counts;
      return { state: b.status, ended: ENDED.has(b.status), succeeded: counts?.completed ?? null, failed: counts?.failed ?? null, error };
    },
    async results(id) {
      const b = await call(`read batch ${id}`, () => client.batches.retrieve(id));
      const items: BatchResultItem[] = [];
      for (const fileId of [b.output_file_id, b.error_file_id]) {
        if (!fileId) continue;
        const text = await call(`read the results of batch ${id}`, async () => (await client.files.content(fileId)).text());
        for (const line of text.split('\n')) {
          if (line.trim()) items.push(openaiResult(JSON.parse(line) as Json));
        }
      }
      return items;
    },
  };
}
