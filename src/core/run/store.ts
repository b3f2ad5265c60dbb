import type { ResponseRecord } from './types';

/**
 * Where responses are kept: one implementation per environment (Dexie in the page, a JSONL file
 * for the CLI, memory for tests). A response is written once and never rewritten, so any scorer
 * can rescore it later and a resumed run skips it.
 */
export interface ResponseStore {
  has(runId: string, cellKey: string): Promise<boolean>;
  /** Cell keys (cellKey, domain.ts) already stored for the run. */
  completedKeys(runId: string): Promise<Set<string>>;
  /**
   * Stores one record atomically: after a crash it is either wholly there or absent. Rejects with
   * DuplicateCellError when the cell is already stored, and leaves the stored record as it was.
   */
  put(record: ResponseRecord): Promise<void>;
  list(runId: string): Promise<ResponseRecord[]>;
}

export class DuplicateCellError extends Error {
  constructor(readonly recordId: string) {
    super(`response ${recordId} is already stored; a cell is never written twice`);
    this.name = 'DuplicateCellError';
  }
}
