/**
 * OpenAI's Batch API through the official SDK: the lines go up as a JSONL file (Files API,
 * purpose "batch"), a batch is created on it for /v1/chat/completions, and its output and error
 * files are read back when it ends.
 */
import OpenAI, { toFile } from 'openai';
import type { ProviderConfig } from '../../core/provider';
import type { BatchLimits } from '../../core/batch/batchSplit';
import type { BatchItemResult } from '../../core/batch/batchRecords';
import { chatCompletionBody, readCompletion } from '../openaiCompatible';
import { connectionFor } from '../presets';
import { guarded, requireKey, type BatchApi, type BatchResultItem, type BatchStatus } from './batchApi';

/**
 * "A single batch may include up to 50,000 requests, and a batch input file can be up to 200 MB
 * in size"; each file holds requests to one model (platform.openai.com/docs/guides/batch).
 */
export const OPENAI_BATCH_LIMITS: BatchLimits = { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 };

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
    line: ({ key, request }) => ({ custom_id: key, method: 'POST', url: '/v1/chat/completions', body: chatCompletionBody(request, wire, false) }),
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
          if (line.trim()) items.push(resultOfLine(JSON.parse(line) as Json));
        }
      }
      return items;
    },
  };
}

/** One line of an output or error file: `{custom_id, response: {status_code, body} | null, error}`. */
export function resultOfLine(line: Json): BatchResultItem {
  const response = line.response as { status_code?: number; body?: Json } | null | undefined;
  const error = line.error as { code?: string; message?: string } | null | undefined;
  let result: BatchItemResult;
  if (response?.status_code === 200 && response.body && !error) {
    result = { kind: 'done', value: { ...readCompletion(response.body), latency_ms: 0 } };
  } else {
    const bodyError = (response?.body?.error ?? null) as { message?: string } | null;
    const message = error?.message ?? bodyError?.message ?? `HTTP ${response?.status_code ?? 'error'}`;
    result = { kind: 'failed', message, expired: error?.code === 'batch_expired' };
  }
  return { key: String(line.custom_id), result };
}
