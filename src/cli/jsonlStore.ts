import type { z } from 'zod';
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { formatLocated, parseJson, parseWith } from '../core/located';
import { cellKey } from '../core/domain';
import { DuplicateCellError, type ResponseStore } from '../core/run/store';
import { responseRecordSchema, type ResponseRecord } from '../core/run/types';

export interface JsonlStore extends ResponseStore {
  /** Run ids found in the file when it was opened, in order of first appearance. */
  readonly runIds: string[];
  /** request.params of the first record in the file, to refuse resuming with other settings. */
  readonly firstParams: ResponseRecord['request']['params'] | null;
  close(): Promise<void>;
}

/**
 * A ResponseStore over one JSONL file, one response per line, for the CLI. Only the cell keys are
 * kept in memory (so a long run stays small); `list` reads the file again.
 *
 * A record is one appended line written in a single write, so a crash leaves at most a truncated
 * last line; opening the file cuts that line off (its cell is simply run again). Writes are not
 * fsynced: that guards against a process crash, not a power cut, and keeps a run fast.
 */
export async function openJsonlStore(path: string): Promise<JsonlStore> {
  const keys = new Map<string, Set<string>>();
  const runIds: string[] = [];
  let firstParams: JsonlStore['firstParams'] = null;
  const keysOf = (runId: string) => {
    let s = keys.get(runId);
    if (!s) keys.set(runId, (s = new Set()));
    return s;
  };

  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  const { records, cutAt } = parseJsonlLines(path, text, responseRecordSchema);
  for (const r of records) {
    if (!keys.has(r.run_id)) runIds.push(r.run_id);
    const set = keysOf(r.run_id);
    const key = cellKey(r);
    if (set.has(key)) throw new Error(`${path}: response ${r.id} appears twice; the file was edited by hand?`);
    set.add(key);
    firstParams ??= r.request.params;
  }
  if (cutAt !== null) await truncate(path, cutAt);

  const file: FileHandle = await open(path, 'a');
  // A complete last record whose newline did not make it: end its line before appending.
  if (cutAt === null && text !== '' && !text.endsWith('\n')) await file.appendFile('\n', 'utf8');
  // Appends run one after another so two records can never interleave within a line.
  let queue: Promise<void> = Promise.resolve();

  return {
    runIds,
    firstParams,
    has: async (runId, key) => keysOf(runId).has(key),
    completedKeys: async (runId) => new Set(keysOf(runId)),
    put(record) {
      const set = keysOf(record.run_id);
      const key = cellKey(record);
      if (set.has(key)) return Promise.reject(new DuplicateCellError(record.id));
      // Claimed before the write so a second put of the same cell fails even while the first is pending.
      set.add(key);
      const line = JSON.stringify(record) + '\n';
      const write = queue.then(() => file.appendFile(line, 'utf8'));
      queue = write.catch(() => {});
      return write.catch((e: unknown) => {
        set.delete(key);
        throw e;
      });
    },
    async list(runId) {
      await queue;
      const { records } = parseJsonlLines(path, await readFile(path, 'utf8'), responseRecordSchema);
      return records.filter((r) => r.run_id === runId);
    },
    async close() {
      await queue;
      await file.close();
    },
  };
}

/**
 * Parses the file's lines. A last line without its newline that does not parse is a write cut
 * short by a crash: it is dropped and `cutAt` gives the byte length to truncate the file to.
 * Any other bad line is an error naming the file and line.
 */
export function parseJsonlLines<S extends z.ZodType>(path: string, text: string, schema: S): { records: z.infer<S>[]; cutAt: number | null } {
  const lines = text.split('\n');
  const records: z.infer<S>[] = [];
  let cutAt: number | null = null;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const where = `${path}:${i + 1}`;
    const json = parseJson(where, line);
    if (!json.ok && i === lines.length - 1) {
      cutAt = Buffer.byteLength(text, 'utf8') - Buffer.byteLength(line, 'utf8');
      break;
    }
    const parsed = json.ok ? parseWith(where, schema, json.value) : json;
    if (!parsed.ok) throw new Error(parsed.errors.map(formatLocated).join('\n'));
    records.push(parsed.value);
  }
  return { records, cutAt };
}
