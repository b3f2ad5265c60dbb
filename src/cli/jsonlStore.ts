import type { z } from 'zod';
import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile, truncate } from 'node:fs/promises';
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
 *
 * Each record is written synchronously before `put` resolves, nothing buffered: a run killed at any
 * moment loses no answer it had counted. For the engine cost target (1.5 ms of CPU per call, issue
 * #17 item 7) a synchronous append of one short line costs a few microseconds, where an
 * appendFile through the thread pool cost about 0.15 ms per record.
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

  const fd = openSync(path, 'a');
  // A complete last record whose newline did not make it: end its line before appending.
  if (cutAt === null && text !== '' && !text.endsWith('\n')) appendAll(fd, '\n');

  return {
    runIds,
    firstParams,
    has: async (runId, key) => keysOf(runId).has(key),
    completedKeys: async (runId) => new Set(keysOf(runId)),
    put(record) {
      const set = keysOf(record.run_id);
      const key = cellKey(record);
      if (set.has(key)) return Promise.reject(new DuplicateCellError(record.id));
      try {
        appendAll(fd, JSON.stringify(record) + '\n');
      } catch (e) {
        return Promise.reject(e);
      }
      set.add(key);
      return Promise.resolve();
    },
    async list(runId) {
      const { records } = parseJsonlLines(path, await readFile(path, 'utf8'), responseRecordSchema);
      return records.filter((r) => r.run_id === runId);
    },
    async close() {
      closeSync(fd);
    },
  };
}

/** Writes all of `text` at the end of the file (a write may take only part of it). */
function appendAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
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
