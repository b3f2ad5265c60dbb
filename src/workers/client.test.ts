import { afterEach, describe, expect, it } from 'vitest';
import { WorkerClient, WorkerFailedError, type WorkerLike } from './client';
import { serve, type Done, type Handlers, type MessageScope } from './protocol';

type Api = {
  count: { params: { to: number }; progress: Done; result: string };
  fail: { params: { why: string }; progress: never; result: never };
  hang: { params: Record<string, never>; progress: never; result: never };
};

const handlers: Handlers<Api> = {
  count({ to }, progress) {
    for (let i = 1; i <= to; i++) progress({ done: i, total: to });
    return `counted to ${to}`;
  },
  fail({ why }) {
    throw new Error(why);
  },
  hang: () => new Promise(() => {}),
};

/** A worker in this thread: serve() on one end of a MessageChannel, the client on the other. */
class ChannelWorker extends EventTarget implements WorkerLike {
  readonly channel = new MessageChannel();
  terminated = false;
  constructor() {
    super();
    this.channel.port1.addEventListener('message', (e) => this.dispatchEvent(new MessageEvent('message', { data: (e as MessageEvent).data })));
    this.channel.port1.start();
    serve<Api>(this.channel.port2 as unknown as MessageScope, handlers);
    this.channel.port2.start();
  }
  postMessage(message: unknown) {
    this.channel.port1.postMessage(message);
  }
  terminate() {
    this.terminated = true;
    this.channel.port1.close();
    this.channel.port2.close();
  }
  /** What the browser does when a worker's script fails or throws outside a request. */
  crash(message: string) {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}

const started: ChannelWorker[] = [];
const client = () =>
  new WorkerClient<Api>(() => {
    const w = new ChannelWorker();
    started.push(w);
    return w;
  }, 'the test worker');
afterEach(() => {
  for (const w of started.splice(0)) w.terminate();
});

describe('WorkerClient', () => {
  it('sends a typed request, passes on its progress and resolves with its result', async () => {
    const c = client();
    const progress: Done[] = [];
    expect(await c.request('count', { to: 3 }, (p) => progress.push(p))).toBe('counted to 3');
    expect(progress).toEqual([
      { done: 1, total: 3 },
      { done: 2, total: 3 },
      { done: 3, total: 3 },
    ]);
    expect(started).toHaveLength(1);
  });

  it('keeps concurrent requests apart', async () => {
    const c = client();
    const [a, b] = await Promise.all([c.request('count', { to: 1 }), c.request('count', { to: 2 })]);
    expect([a, b]).toEqual(['counted to 1', 'counted to 2']);
  });

  it("rejects with the handler's error and keeps the worker for the next request", async () => {
    const c = client();
    await expect(c.request('fail', { why: 'no cases' })).rejects.toThrow('no cases');
    expect(await c.request('count', { to: 1 })).toBe('counted to 1');
    expect(started).toHaveLength(1);
    expect(started[0]!.terminated).toBe(false);
  });

  it('terminates a failed worker, rejects what was pending, and starts a fresh one next time', async () => {
    const c = client();
    const pending = c.request('hang', {});
    await Promise.resolve();
    started[0]!.crash('out of memory');
    await expect(pending).rejects.toEqual(new WorkerFailedError('out of memory'));
    expect(started[0]!.terminated).toBe(true);
    expect(await c.request('count', { to: 1 })).toBe('counted to 1');
    expect(started).toHaveLength(2);
  });

  it('names the worker when the failure carries no message', async () => {
    const c = client();
    const pending = c.request('hang', {});
    started[0]!.crash('');
    await expect(pending).rejects.toThrow('the test worker stopped');
  });

  it('terminate() stops the worker and rejects pending requests', async () => {
    const c = client();
    const pending = c.request('hang', {});
    c.terminate();
    await expect(pending).rejects.toBeInstanceOf(WorkerFailedError);
    expect(started[0]!.terminated).toBe(true);
    c.terminate();
    expect(await c.request('count', { to: 2 })).toBe('counted to 2');
  });
});
