/**
 * The local scorer over worker threads, for the CLI's rescoring paths (issue #13: 10,000
 * responses rescored in Node under 1.5 s). The scorer itself stays single-threaded core code;
 * this spreads a batch over `os.availableParallelism()` threads, whole cases together where
 * possible, and gives back exactly what localScoreRecords gives, in input order.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Case } from '../core/caseSchema';
import type { ResponseRecord } from '../core/run/types';
import type { ScoreRecord } from '../core/scoreRecord';
import { scoreShard, type ShardReply, type ShardRequest } from './scoreWorker';

export type ScoreItem = { response: ResponseRecord; case: Case };

/**
 * Fewest responses worth a thread. A worker thread costs about 1.2 s of CPU to start (tsx, the
 * scorer, the tokenizer ranks) and then, like the first thread, 1.5-2.5 s more on its first
 * thousand responses (compiling its cases, JIT warm-up) before scoring settles at about 0.35 ms
 * a response. On the shared 2-core test host 3,000 and 6,000 responses were still slower on two
 * threads than on one; below this, one thread is faster.
 */
export const MIN_PER_WORKER = 5000;

/** Threads for `n` responses: one per MIN_PER_WORKER, at most `available`, at least one. */
export function workersFor(n: number, available = availableParallelism()): number {
  return Math.max(1, Math.min(available, Math.floor(n / MIN_PER_WORKER)));
}

/**
 * Splits items into `parts` shards of about equal text length, as lists of input indices.
 * Items are first grouped case by case (in order of first appearance), then the grouped list
 * is cut in `parts` runs, so at most `parts - 1` cases are split between two shards.
 */
export function splitByCase(items: readonly ScoreItem[], parts: number): number[][] {
  const byCase = new Map<Case, number[]>();
  items.forEach((x, i) => {
    const list = byCase.get(x.case);
    if (list) list.push(i);
    else byCase.set(x.case, [i]);
  });
  // Scoring time grows with the text; the 1 keeps empty (filtered) answers from weighing nothing.
  const weight = (i: number) => 1 + items[i]!.response.text.length;
  const total = items.reduce((s, _, i) => s + weight(i), 0);
  const shards: number[][] = [[]];
  let done = 0;
  for (const i of [...byCase.values()].flat()) {
    if (done >= (total * shards.length) / parts && shards.length < parts) shards.push([]);
    shards.at(-1)!.push(i);
    done += weight(i);
  }
  return shards.filter((s) => s.length > 0);
}

const ENTRY = new URL('./scoreWorker.ts', import.meta.url);
/**
 * The worker's first code: it loads the .ts entry through tsx's API. On Node 20 a worker thread
 * neither inherits the parent's tsx loader nor runs `--import tsx` from its execArgv (the .ts
 * file fails with "Unknown file extension"), under `npm run cli` and vitest alike.
 */
const BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => tsx.tsImport(${JSON.stringify(ENTRY.href)}, ${JSON.stringify(import.meta.url)}))`;

/** First and last response of a chunk, for an error that has no response of its own. */
const span = (items: readonly ScoreItem[], chunk: readonly number[]) => `responses ${items[chunk[0]!]!.response.id} .. ${items[chunk.at(-1)!]!.response.id}`;

/**
 * Responses per message to a worker. The records coming back are about 3 KB each with the
 * score's detail, and reading 10,000 of them takes this thread about 0.6 s: they come back a
 * chunk at a time, so that this thread reads them while the workers go on scoring.
 */
const CHUNK = 250;

/** Chunks sent to a worker before its first reply, so that it never waits for the next one. */
const IN_FLIGHT = 2;

interface Waiting {
  resolve: (records: ScoreRecord[]) => void;
  reject: (e: Error) => void;
  where: () => string;
}

/** A worker thread and the chunks it was sent, oldest first: it replies in the order sent. */
interface Thread {
  worker: Worker;
  waiting: Waiting[];
}

/**
 * Worker threads kept alive between batches (the benchmark scores the same batch several times).
 * One batch at a time; `close()` ends the threads.
 */
export class ScorePool {
  readonly #threads: Thread[] = [];
  #busy = false;

  constructor(readonly size = availableParallelism()) {}

  /** Worker threads started so far (this thread scores a share too, see score). */
  get threads(): number {
    return this.#threads.length;
  }

  /** localScoreRecords(items, now) over workersFor(items.length) threads, this one included. */
  async score(items: readonly ScoreItem[], now: string): Promise<ScoreRecord[]> {
    if (this.#busy) throw new Error('ScorePool scores one batch at a time');
    this.#busy = true;
    try {
      // This thread scores one shard itself, between reading the workers' replies: a worker
      // fewer to start and warm up, which on two cores is most of what threads gain.
      const threads = Array.from({ length: workersFor(items.length, this.size) - 1 }, (_, k) => this.#thread(k));
      // Each thread keeps to its own cases (it compiles only theirs and warms up on them) and
      // gets its shard a chunk at a time.
      const shards = splitByCase(items, threads.length + 1).map((shard) => Array.from({ length: Math.ceil(shard.length / CHUNK) }, (_, c) => shard.slice(c * CHUNK, (c + 1) * CHUNK)));
      const out = new Array<ScoreRecord>(items.length);
      let failed = false;
      const scoreChunk = async (t: Thread | undefined, chunk: number[]) => {
        const request = { items: chunk.map((i) => items[i]!), now };
        if (t) return this.#send(t, request, () => span(items, chunk));
        await new Promise(setImmediate); // lets the workers' replies in
        const reply = scoreShard(request);
        if (!reply.ok) throw new Error(`local scoring failed: ${reply.message}`);
        return reply.records;
      };
      const feed = async (t: Thread | undefined, chunks: number[][]) => {
        while (chunks.length && !failed) {
          const chunk = chunks.shift()!;
          const records = await scoreChunk(t, chunk).catch((e: unknown) => {
            failed = true;
            throw e;
          });
          chunk.forEach((i, j) => (out[i] = records[j]!));
        }
      };
      // IN_FLIGHT loops per worker, each with one chunk on it at a time; one loop here.
      const [here = [], ...rest] = shards; // none for no items
      await Promise.all([feed(undefined, here), ...rest.flatMap((chunks, k) => Array.from({ length: IN_FLIGHT }, () => feed(threads[k]!, chunks)))]);
      return out;
    } finally {
      this.#busy = false;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#threads.splice(0).map((t) => t.worker.terminate()));
  }

  #thread(k: number): Thread {
    while (this.#threads.length <= k) {
      const t: Thread = { worker: new Worker(BOOT, { eval: true }), waiting: [] };
      const failAll = (message: string) => t.waiting.splice(0).forEach((w) => w.reject(new Error(`local scoring worker ${message} on ${w.where()}`)));
      t.worker.on('message', (reply: ShardReply) => {
        const w = t.waiting.shift()!;
        if (reply.ok) w.resolve(reply.records);
        else w.reject(new Error(`local scoring failed: ${reply.message}`));
      });
      t.worker.on('error', (e) => failAll(`failed (${e.message})`));
      // A thread that ends leaves the pool: close() ended it, or it died and its chunks failed.
      t.worker.on('exit', (code) => {
        failAll(`exited (code ${code})`);
        const i = this.#threads.indexOf(t);
        if (i >= 0) this.#threads.splice(i, 1);
      });
      this.#threads.push(t);
    }
    return this.#threads[k]!;
  }

  #send(t: Thread, request: ShardRequest, where: () => string): Promise<ScoreRecord[]> {
    return new Promise((resolve, reject) => {
      t.waiting.push({ resolve, reject, where });
      t.worker.postMessage(request);
    });
  }
}

/**
 * localScoreRecords, on worker threads when the batch is big enough to gain from them (see
 * MIN_PER_WORKER), else on this thread. Same records, same order; an error names the response
 * at fault either way. The threads end before it returns.
 */
export async function scoreRecordsLocally(items: readonly ScoreItem[], now = new Date().toISOString()): Promise<ScoreRecord[]> {
  const pool = new ScorePool();
  try {
    return await pool.score(items, now);
  } finally {
    await pool.close();
  }
}
