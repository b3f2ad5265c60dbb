import { cellKey } from '../core/domain';
import type { RunController, RunProgress } from '../core/run/engine';
import type { Retry } from '../core/run/scheduler';
import type { ResponseRecord, ResponseStatus } from '../core/run/types';
import { observe, type Store } from '../storage/store';

/** How often the view sees streamed text and stored answers at most (ms). */
export const FLUSH_MS = 100;
/** The preview shows an answer's tail; this much of it is kept per cell in flight. */
const PREVIEW_CHARS = 2000;

/** The map without a key; the same map when the key is absent, so nothing re-renders. */
export function without<V>(m: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  if (!m.has(key)) return m;
  const next = new Map(m);
  next.delete(key);
  return next;
}

/**
 * A run being watched in this tab: its live progress, streaming text and stored responses.
 *
 * Deltas and stored answers are gathered as they come and handed to the view at most every
 * FLUSH_MS, in one piece: a provider streaming megabytes in tiny deltas, or a fast server
 * answering a thousand calls, would otherwise re-render the page (and copy the list of
 * responses) once per delta and once per answer. Counts by status are kept as answers arrive,
 * never recounted over the whole list.
 */
export class ActiveRun {
  progress = $state.raw<RunProgress | null>(null);
  /** The tail of the text streaming in for cells in flight, by cell key. */
  streaming = $state.raw<ReadonlyMap<string, string>>(new Map());
  responses = $state.raw<ResponseRecord[]>([]);
  /** Stored responses by status. */
  counts = $state.raw<Record<ResponseStatus, number>>({ ok: 0, filtered: 0, error: 0, truncated: 0 });
  /** USD spent on the stored responses whose model has a price. */
  spent = $state(0);
  /** Cells waiting to be tried again (after a 429, a 500, a dropped connection), by cell key. */
  retrying = $state.raw<ReadonlyMap<string, Retry>>(new Map());
  /** Retries in this tab's session of the run, so absorbed errors are not silent. */
  retries = $state(0);
  controller: RunController | null = null;
  loaded = $state(false);
  /** True while another tab of this browser drives the run and this one shows its progress. */
  following = $state(false);
  /** Why this tab is not driving the run, when it is not (another tab has it; the network is down). */
  notice = $state('');
  /** Why the stored answers could not be read, if they could not: said, not left as an empty table. */
  readError = $state('');
  /** Set while this tab has asked for the run's lock, so it asks once. */
  claiming = false;

  readonly #ids = new Set<string>();
  #incoming: ResponseRecord[] = [];
  readonly #text = new Map<string, string>();
  #textChanged = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopFollowing: (() => void) | null = null;

  constructor(readonly id: string) {}

  /** Shows exactly these stored responses: after a batch import replaced failed records, or failed ones were dropped. */
  replaceAll(rows: readonly ResponseRecord[]): void {
    this.#ids.clear();
    this.#incoming = [];
    this.responses = [];
    this.counts = { ok: 0, filtered: 0, error: 0, truncated: 0 };
    this.spent = 0;
    this.addResponses(rows);
    this.flush();
  }

  /** Adds stored responses (from this tab's run or read from the store); ones already here are skipped. */
  addResponses(rows: readonly ResponseRecord[]): void {
    for (const r of rows) {
      if (this.#ids.has(r.id)) continue;
      this.#ids.add(r.id);
      this.#incoming.push(r);
      if (this.#text.delete(cellKey(r))) this.#textChanged = true;
    }
    this.#schedule();
  }

  addToken(key: string, delta: string): void {
    let text = (this.#text.get(key) ?? '') + delta;
    if (text.length > 2 * PREVIEW_CHARS) text = text.slice(-PREVIEW_CHARS);
    this.#text.set(key, text);
    this.#textChanged = true;
    this.#schedule();
  }

  /** Forgets a cell's streamed text (its attempt failed, or the run stopped). */
  dropStream(key?: string): void {
    if (key === undefined) this.#text.clear();
    else this.#text.delete(key);
    this.#textChanged = true;
    this.#schedule();
  }

  /**
   * Keeps the stored responses in step with the store, whichever tab writes them: reads the ids
   * (cheap, from the index) on every change and fetches only the new responses.
   */
  follow(store: Store): void {
    if (this.#stopFollowing) return;
    let busy = Promise.resolve();
    const sub = observe(() => store.responseIdsOfRun(this.id)).subscribe({
      next: (ids) => {
        busy = busy
          .then(async () => {
            const fresh = [...ids].filter((id) => !this.#ids.has(id));
            if (fresh.length) this.addResponses((await store.responsesById(fresh)).filter((r): r is ResponseRecord => r !== undefined));
            this.flush();
            this.readError = '';
            this.loaded = true;
          })
          .catch((e: unknown) => this.#failedRead(e));
      },
      error: (e: unknown) => this.#failedRead(e),
    });
    this.#stopFollowing = () => sub.unsubscribe();
  }

  #failedRead(e: unknown): void {
    this.readError = `Could not read this run's stored answers: ${e instanceof Error ? e.message : String(e)}. Reload the page to try again.`;
    this.loaded = true;
  }

  unfollow(): void {
    this.#stopFollowing?.();
    this.#stopFollowing = null;
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Hands what has gathered to the view now. */
  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#incoming.length) {
      const counts = { ...this.counts };
      let spent = this.spent;
      for (const r of this.#incoming) {
        counts[r.status]++;
        spent += r.cost_usd ?? 0;
      }
      this.responses = this.responses.concat(this.#incoming);
      this.#incoming = [];
      this.counts = counts;
      this.spent = spent;
    }
    if (this.#textChanged) {
      this.streaming = new Map(this.#text);
      this.#textChanged = false;
    }
  }
}
