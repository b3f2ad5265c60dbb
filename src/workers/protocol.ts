/**
 * Typed messages across a worker boundary, the same types on both sides. A worker's API names
 * its request kinds, each with its parameters, the progress it reports and its result; the page
 * talks to it through WorkerClient and the worker answers through serve().
 */
export type WorkerApi = Record<string, { params: unknown; progress: unknown; result: unknown }>;

export type WorkerRequest<A extends WorkerApi, K extends keyof A = keyof A> = { id: number; kind: K; params: A[K]['params'] };

export type WorkerReply<A extends WorkerApi, K extends keyof A = keyof A> =
  | { id: number; type: 'progress'; progress: A[K]['progress'] }
  | { id: number; type: 'result'; result: A[K]['result'] }
  | { id: number; type: 'error'; error: string };

/** Progress as most long jobs report it. */
export type Done = { done: number; total: number };

export type Handlers<A extends WorkerApi> = {
  [K in keyof A]: (params: A[K]['params'], progress: (p: A[K]['progress']) => void) => A[K]['result'] | Promise<A[K]['result']>;
};

/** What serve() needs of the worker's global scope (a MessagePort in tests). */
export interface MessageScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

/**
 * Answers requests inside a worker: one reply of 'result' or 'error' per request, after any
 * number of 'progress' replies. A handler's error becomes an 'error' reply, so the page hears
 * of it and the worker stays usable.
 */
export function serve<A extends WorkerApi>(scope: MessageScope, handlers: Handlers<A>): void {
  scope.addEventListener('message', async (e: MessageEvent<WorkerRequest<A>>) => {
    const { id, kind, params } = e.data;
    const post = (reply: WorkerReply<A>) => scope.postMessage(reply);
    try {
      const result = await handlers[kind](params, (progress) => post({ id, type: 'progress', progress }));
      post({ id, type: 'result', result });
    } catch (err) {
      post({ id, type: 'error', error: err instanceof Error ? err.message : String(err) });
    }
  });
}
