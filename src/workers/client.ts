import type { WorkerApi, WorkerReply, WorkerRequest } from './protocol';

/** What the client needs of a Worker (a fake in tests). */
export interface WorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (e: Event) => void): void;
  terminate(): void;
}

/** The worker itself failed (its script did not load, or it threw outside a request), or was stopped. */
export class WorkerFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerFailedError';
  }
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: unknown) => void;
}

/**
 * The page's side of a worker: typed requests, each with its progress and its result or error.
 * The worker starts on the first request. When it fails, every pending request is rejected
 * and the worker is terminated, so the next request starts a fresh one instead of waiting on
 * a worker that will never answer.
 */
export class WorkerClient<A extends WorkerApi> {
  #worker: WorkerLike | null = null;
  #pending = new Map<number, Pending>();
  #seq = 0;

  /** `name` says which worker in errors, e.g. "the scoring worker". */
  constructor(
    private readonly create: () => WorkerLike,
    private readonly name: string,
  ) {}

  request<K extends keyof A & string>(kind: K, params: A[K]['params'], onProgress?: (progress: A[K]['progress']) => void): Promise<A[K]['result']> {
    const worker = this.#start();
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (r: unknown) => void, reject, onProgress: onProgress as ((p: unknown) => void) | undefined });
      worker.postMessage({ id, kind, params } satisfies WorkerRequest<A, K>);
    });
  }

  /** Stops the worker (it may hold large tables in memory); pending requests are rejected. */
  terminate(): void {
    this.#stop(new WorkerFailedError(`${this.name} was stopped`));
  }

  #start(): WorkerLike {
    if (this.#worker) return this.#worker;
    const worker = this.create();
    worker.addEventListener('message', (e) => this.#reply(worker, (e as MessageEvent<WorkerReply<A>>).data));
    worker.addEventListener('error', (e) => {
      // Keeps the browser from also reporting the error as uncaught: it is handled here.
      e.preventDefault();
      if (worker === this.#worker) this.#stop(new WorkerFailedError((e as ErrorEvent).message || `${this.name} stopped`));
    });
    worker.addEventListener('messageerror', () => {
      if (worker === this.#worker) this.#stop(new WorkerFailedError(`${this.name} sent a message that could not be read`));
    });
    return (this.#worker = worker);
  }

  #reply(worker: WorkerLike, reply: WorkerReply<A>) {
    const p = this.#pending.get(reply.id);
    if (!p || worker !== this.#worker) return;
    if (reply.type === 'progress') {
      p.onProgress?.(reply.progress);
      return;
    }
    this.#pending.delete(reply.id);
    if (reply.type === 'result') p.resolve(reply.result);
    else p.reject(new Error(reply.error));
  }

  #stop(error: WorkerFailedError) {
    this.#worker?.terminate();
    this.#worker = null;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(error);
  }
}
