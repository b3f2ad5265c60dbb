import { cellKey, responseId } from '../domain';
import type { ResponseRecord } from './types';

/** One response file as read: its name (for messages) and its records in file order. */
export interface ResponseFile {
  name: string;
  records: readonly ResponseRecord[];
}

export interface MergeResult {
  /** One record per cell, in order of first appearance, all under the first file's run id. */
  records: ResponseRecord[];
  runId: string;
  perFile: { name: string; records: number }[];
  /** Records dropped because an identical one for the same cell came earlier. */
  identicalDuplicates: number;
  /** Keys of the expected cells no file holds (empty when no expected cells were given). */
  missing: string[];
}

/** Two files hold the same cell with different content: which one to keep is not ours to guess. */
export class MergeConflictError extends Error {}

// Shards run on different machines get different run ids; the cell is what must agree.
const content = (r: ResponseRecord) => JSON.stringify({ ...r, id: '', run_id: '' });

/**
 * Joins the response files of a sharded run (or any runs of the same matrix). A cell stored twice
 * with the same content is kept once; with different content (another answer, another time) the
 * merge is refused, naming both files. With `expected` cell keys, reports those no file holds.
 */
export function mergeResponses(files: readonly ResponseFile[], expected?: readonly string[]): MergeResult {
  const runId = files.find((f) => f.records.length)?.records[0]!.run_id;
  if (runId === undefined) throw new Error('the files hold no responses');
  const kept = new Map<string, { file: string; record: ResponseRecord; content: string }>();
  let identicalDuplicates = 0;
  for (const f of files) {
    for (const r of f.records) {
      const key = cellKey(r);
      const seen = kept.get(key);
      if (!seen) {
        kept.set(key, { file: f.name, record: { ...r, run_id: runId, id: responseId(runId, key) }, content: content(r) });
      } else if (seen.content === content(r)) {
        identicalDuplicates++;
      } else {
        throw new MergeConflictError(`cell ${key} is in ${seen.file} and in ${f.name} with different content; keep one and merge again`);
      }
    }
  }
  return {
    records: [...kept.values()].map((k) => k.record),
    runId,
    perFile: files.map((f) => ({ name: f.name, records: f.records.length })),
    identicalDuplicates,
    missing: (expected ?? []).filter((k) => !kept.has(k)),
  };
}
