import { cellKey } from '../domain';
import { DuplicateCellError, type ResponseStore } from './store';
import type { ResponseRecord } from './types';

// Records are plain JSON; structuredClone is not in lib ES2023.
const copy = (r: ResponseRecord): ResponseRecord => JSON.parse(JSON.stringify(r)) as ResponseRecord;

/** A ResponseStore held in memory, for tests and throwaway runs. */
export function createMemoryStore(initial: readonly ResponseRecord[] = []): ResponseStore {
  const runs = new Map<string, Map<string, ResponseRecord>>();
  const cells = (runId: string) => {
    let m = runs.get(runId);
    if (!m) runs.set(runId, (m = new Map()));
    return m;
  };
  const add = (r: ResponseRecord) => {
    const m = cells(r.run_id);
    const key = cellKey(r);
    if (m.has(key)) throw new DuplicateCellError(r.id);
    // A copy, so a caller mutating its object cannot change what is stored.
    m.set(key, copy(r));
  };
  for (const r of initial) add(r);
  return {
    has: async (runId, key) => cells(runId).has(key),
    completedKeys: async (runId) => new Set(cells(runId).keys()),
    put: async (r) => add(r),
    list: async (runId) => [...cells(runId).values()].map(copy),
  };
}
