/**
 * Worker thread entry for parallelScore.ts: scores one shard of local score records at a time.
 * The shard's items carry their case objects; a message is cloned as one graph, so responses to
 * the same case share one case object here too and scoreLocallyMany compiles each case once.
 */
import { parentPort } from 'node:worker_threads';
import type { Case } from '../core/caseSchema';
import type { ResponseRecord } from '../core/run/types';
import type { ScoreRecord } from '../core/scoreRecord';
import { localScoreRecord, localScoreRecords } from '../core/scoring/localScoreRecord';

/** Parent to worker. `now` comes from the parent so every shard's records carry the same created_at. */
export interface ShardRequest {
  items: readonly { response: ResponseRecord; case: Case }[];
  now: string;
}

/** Worker to parent: the shard's records in the order sent, or why it failed. */
export type ShardReply = { ok: true; records: ScoreRecord[] } | { ok: false; message: string };

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function scoreShard({ items, now }: ShardRequest): ShardReply {
  try {
    return { ok: true, records: localScoreRecords(items, now) };
  } catch (e) {
    // The batch call does not say which response broke it; one at a time does (only on failure).
    for (const x of items) {
      try {
        localScoreRecord(x.response, x.case, now);
      } catch (one) {
        return { ok: false, message: `response ${x.response.id}: ${messageOf(one)}` };
      }
    }
    return { ok: false, message: messageOf(e) };
  }
}

parentPort?.on('message', (request: ShardRequest) => parentPort!.postMessage(scoreShard(request)));
