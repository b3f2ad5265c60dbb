/**
 * A stored run's cells as batch items, and a provider's batch results matched back to those
 * cells: what the app's "Export batch request file" and "Import batch results" rest on.
 *
 * The key table is the run's own spec (its cases, framings and models in spec order), so a key
 * needs no sidecar file: the custom_id / metadata key alone survives a round trip through a
 * provider's console. A short tag of the run id heads each key ("b1x9k2m-r0_c2_f1_m0_n4"), so
 * results of another run are refused instead of read into the wrong cells.
 */
import { z } from 'zod';
import type { Case } from '../caseSchema';
import { expandCells, messagesFor } from '../run/engine';
import type { SentCell } from '../run/records';
import type { Price, ResponseRecord, ResponseStatus, RunSpec } from '../run/types';
import { encodeBatchKey, type KeyTable } from './batchKey';
import { batchRecord, type BatchItemResult } from './batchRecords';

const runKeyTable = (spec: RunSpec): KeyTable => ({
  runs: [spec.id],
  cases: [...spec.case_ids],
  framings: [...spec.framings],
  models: spec.models.map((m) => m.model_id),
});

/** FNV-1a of the run id in base 36: tells runs apart in a key, within Anthropic's 64 characters. */
function runTag(runId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < runId.length; i++) h = Math.imul(h ^ runId.charCodeAt(i), 0x01000193) >>> 0;
  return `b${h.toString(36)}`;
}

const TAGGED = /^(b[0-9a-z]+)-(r\d+_c\d+_f\d+_m\d+_n\d+)$/;

/** One cell to put in a batch: its key and the request a live run would send for it. */
export interface RunBatchItem {
  key: string;
  sent: SentCell;
}

/**
 * The run's cells that still need an answer (none stored, or a failed one), in run order, with
 * the exact request a live run sends. `stored` is the run's stored status by cell key.
 */
export function runBatchItems(spec: RunSpec, cases: readonly Case[], stored: ReadonlyMap<string, ResponseStatus>): RunBatchItem[] {
  const table = runKeyTable(spec);
  const tag = runTag(spec.id);
  const byId = new Map(cases.map((c) => [c.id, c]));
  const models = new Map(spec.models.map((m) => [m.model_id, m.model]));
  return expandCells(spec, cases)
    .filter((cell) => (stored.get(cell.key) ?? 'error') === 'error')
    .map((cell) => ({
      key: `${tag}-${encodeBatchKey(table, { run_id: spec.id, ...cell })}`,
      sent: { runId: spec.id, cell, request: { model: models.get(cell.model_id)!, messages: messagesFor(byId.get(cell.case_id)!, cell.framing), params: spec.params } },
    }));
}

/** One result read from a results file, with where it was read. */
export interface BatchResultLine {
  file: string;
  /** 1-based line (JSONL) or item number (a JSON file's list). */
  line: number;
  key: string;
  result: BatchItemResult;
}

/** A results file that does not fit the run: says which file, which line and why. */
export class BatchImportError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}, line ${line}: ${reason}`);
    this.name = 'BatchImportError';
  }
}

export interface MatchOptions {
  price(modelId: string): Price | undefined;
  /** Batches or live tries the cell had before this one (a failed record's attempts; 0 if none). */
  priorAttempts(cellKey: string): number;
  /** Clock ms of the import, the records' completion time. */
  now: number;
}

/**
 * Each result as the record a live run would store for its cell (batch price; an errored or
 * expired item a failed record). Throws BatchImportError, naming file and line, on a key of
 * another run, a key that names no cell of this run, or a cell answered twice in the files.
 */
export function matchBatchResults(spec: RunSpec, cases: readonly Case[], lines: readonly BatchResultLine[], o: MatchOptions): ResponseRecord[] {
  const items = new Map(runBatchItems(spec, cases, new Map()).map((i) => [i.key, i.sent]));
  const tag = runTag(spec.id);
  const seen = new Map<string, BatchResultLine>();
  return lines.map((l) => {
    const m = TAGGED.exec(l.key);
    if (!m) throw new BatchImportError(l.file, l.line, `"${l.key}" is not a batch key of this app; was this file exported for another tool?`);
    if (m[1] !== tag) throw new BatchImportError(l.file, l.line, `"${l.key}" belongs to another run's batch, not to "${spec.name}"`);
    const sent = items.get(l.key);
    if (!sent) throw new BatchImportError(l.file, l.line, `"${l.key}" names no cell of "${spec.name}" (a case, framing or repetition it does not have)`);
    const first = seen.get(l.key);
    if (first) throw new BatchImportError(l.file, l.line, `"${l.key}" was already answered at ${first.file}, line ${first.line}`);
    seen.set(l.key, l);
    const attempt = { submittedAt: o.now, attempts: o.priorAttempts(sent.cell.key) + 1 };
    return batchRecord(sent, l.result, attempt, o.now, o.price(sent.cell.model_id));
  });
}

/** A batch the app submitted for a run (Gemini's batch mode): kept so a reload polls it instead of submitting again. */
export const submittedAppBatchSchema = z.strictObject({
  /** The provider's batch name or id. */
  id: z.string().min(1),
  model_id: z.string().min(1),
  keys: z.array(z.string()),
  submitted_at: z.string(),
  /** The provider's last word on it. */
  state: z.string(),
  /** Its results are stored with the run. */
  collected: z.boolean(),
});
export const submittedAppBatchesSchema = z.array(submittedAppBatchSchema);
export type SubmittedAppBatch = z.infer<typeof submittedAppBatchSchema>;
