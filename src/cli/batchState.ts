/**
 * The state file of a batch run, `<out>.batches.json`: the batches submitted for --out, each
 * recorded the moment its create call returns, so running the same command again polls and
 * collects them instead of submitting twice. It never holds a key.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { formatLocated, parseJson, parseWith } from '../core/located';

const submittedBatchSchema = z.strictObject({
  id: z.string().min(1),
  model: z.string(),
  /** Batch keys (core/batch/batchKey.ts) in submission order. */
  keys: z.array(z.string()),
  submitted_at: z.string(),
  /** The provider's word for its state when last polled. */
  state: z.string(),
  /** Its results are written to --out (or were recorded failed here). */
  collected: z.boolean(),
});

export const batchStateSchema = z.strictObject({
  version: z.literal(1),
  /** 'run': responses of a run; 'judge': a judge's verdicts. */
  kind: z.enum(['run', 'judge']),
  provider: z.string(),
  /** The model id the batches ask (the run's model or the judge). */
  model_id: z.string(),
  /** The run the responses belong to (judge: unused, ''). */
  run_id: z.string(),
  /** What each key's indices stand for; it only grows. */
  keys: z.strictObject({ runs: z.array(z.string()), cases: z.array(z.string()), framings: z.array(z.string()), models: z.array(z.string()) }),
  batches: z.array(submittedBatchSchema),
  /** Items whose batch gave no answer (an error, an expiry), by key: resubmitted on the next run. */
  failed: z.record(z.string(), z.string()),
});

export type BatchState = z.infer<typeof batchStateSchema>;
export type SubmittedBatch = z.infer<typeof submittedBatchSchema>;

export const batchStatePath = (out: string) => `${out}.batches.json`;

export async function readBatchState(path: string): Promise<BatchState | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const json = parseJson(path, text);
  const parsed = json.ok ? parseWith(path, batchStateSchema, json.value) : json;
  if (!parsed.ok) throw new Error(parsed.errors.map(formatLocated).join('\n'));
  return parsed.value;
}

/** Written whole to a temporary file and renamed over the old one: a crash leaves the old or the new file, never half of one. */
export async function writeBatchState(path: string, state: BatchState): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 1) + '\n', 'utf8');
  await rename(tmp, path);
}
