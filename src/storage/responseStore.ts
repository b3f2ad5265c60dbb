import Dexie from 'dexie';
import { cellKey, cellKeyOfResponseId, responseId } from '../core/domain';
import { DuplicateCellError, type ResponseStore } from '../core/run/store';
import { responseRecordSchema, type ResponseRecord } from '../core/run/types';
import type { IatroscopeDb } from './db';
import { guardQuota } from './quota';
import { validRows } from './validRows';

/** The stored responses of one run, validated, in id order (case by case). */
export async function responsesOfRun(db: IatroscopeDb, runId: string): Promise<ResponseRecord[]> {
  return validRows('responses', responseRecordSchema, await db.responses.where('run_id').equals(runId).toArray());
}

/** The stored responses of one run, or of every run when runId is null, validated. */
export async function responsesIn(db: IatroscopeDb, runId: string | null): Promise<ResponseRecord[]> {
  return runId === null ? validRows('responses', responseRecordSchema, await db.responses.toArray()) : responsesOfRun(db, runId);
}

/**
 * The ResponseStore port over IndexedDB. `add` (not `put`) makes the id a write-once key, so a
 * second writer of the same cell, in this tab or another, fails instead of overwriting.
 */
export function createDexieResponseStore(db: IatroscopeDb): ResponseStore {
  return {
    async has(runId, key) {
      return (await db.responses.get(responseId(runId, key))) !== undefined;
    },
    async completedKeys(runId) {
      const ids = (await db.responses.where('run_id').equals(runId).primaryKeys()) as string[];
      return new Set(ids.map((id) => cellKeyOfResponseId(runId, id)));
    },
    async put(record: ResponseRecord) {
      if (record.id !== responseId(record.run_id, cellKey(record))) throw new Error(`response id ${record.id} does not match its cell`);
      try {
        await guardQuota(() => db.responses.add(responseRecordSchema.parse(record)));
      } catch (e) {
        if (e instanceof Dexie.ConstraintError) throw new DuplicateCellError(record.id);
        throw e;
      }
    },
    list: (runId) => responsesOfRun(db, runId),
  };
}
