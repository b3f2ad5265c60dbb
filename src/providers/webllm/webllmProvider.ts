/**
 * The page side of in-browser models: a Provider that speaks protocol.ts to a worker running
 * web-llm. Nothing here imports web-llm, so the page downloads it only inside the worker chunk.
 */
import {
  ProviderError,
  type ChatRequest,
  type ChatResult,
  type FinishReason,
  type Provider,
  type ProviderConfig,
} from '../../core/provider';
import { engineErrorKind } from './handler';
import type { CustomModel, WorkerErrorKind, WorkerRequest, WorkerResponse } from './protocol';
import type { ModelListEntry } from './device';

/** A Worker, or anything shaped like one (a MessagePort in tests). */
export interface WorkerEndpoint {
  postMessage(msg: WorkerRequest): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (ev: Event) => void): void;
  /** A MessagePort delivers nothing until started; a Worker has no such method. */
  start?(): void;
}

export type LoadProgress = (progress: number, text: string) => void;

export interface WebllmProviderOptions {
  /** Models outside web-llm's prebuilt list, by the model id a run asks for. */
  customModels?: Record<string, CustomModel>;
}

/** An error the worker reported, already sorted by kind. */
export class WebllmWorkerError extends Error {
  constructor(
    message: string,
    readonly kind: WorkerErrorKind,
  ) {
    super(message);
    this.name = 'WebllmWorkerError';
  }
}

interface PendingLoad {
  modelId: string;
  listeners: LoadProgress[];
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: Error) => void;
}

interface PendingChat {
  onToken?: (delta: string) => void;
  resolve: (msg: Extract<WorkerResponse, { type: 'result' }>) => void;
  reject: (e: Error) => void;
}

const FINISH: Record<string, FinishReason> = { stop: 'stop', length: 'length', tool_calls: 'tool_calls' };

function detailOf(message: string): string {
  const text = message.replace(/\s+/g, ' ').trim().replace(/[.\s]+$/, '');
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function sentenceFor(kind: WorkerErrorKind, detail: string): string {
  switch (kind) {
    case 'aborted':
      return 'The in-browser generation was stopped.';
    case 'out_of_memory':
      return 'The GPU ran out of memory for this model; pick a smaller model or close other tabs that use the GPU.';
    case 'device_lost':
      return 'The GPU device was lost, most often from running out of memory; reload the page and pick a smaller model.';
    case 'no_webgpu':
      return 'This browser cannot run in-browser models (no usable WebGPU); use Chrome 113+ or Edge on a machine with a GPU, or a local server such as Ollama.';
    case 'unsupported':
      return `This model needs a GPU feature this browser lacks (${detailOf(detail)}); pick a q4f32 variant instead.`;
    case 'network':
      return 'The model files could not be downloaded; check the connection and try again.';
    case 'bad_request':
      return `The in-browser model could not be set up: ${detailOf(detail)}.`;
    case 'engine':
      return `The in-browser model failed: ${detailOf(detail)}.`;
  }
}

export class WebllmProvider implements Provider {
  readonly kind = 'webllm';
  readonly concurrencyKey = 'webllm';
  /** One GPU, one engine: web-llm generates one answer at a time. */
  readonly maxConcurrency = 1;

  private loadedModel: string | null = null;
  /** Loads in the order sent; the worker answers them in the same order and without ids. */
  private readonly loads: PendingLoad[] = [];
  private readonly chats = new Map<string, PendingChat>();
  private readonly cacheWaiters: Array<(cached: Record<string, boolean>) => void> = [];
  private readonly modelWaiters: Array<{ resolve: (models: ModelListEntry[]) => void; reject: (e: Error) => void }> = [];
  private nextId = 0;

  constructor(
    private readonly endpoint: WorkerEndpoint,
    private readonly options: WebllmProviderOptions = {},
  ) {
    endpoint.addEventListener('message', (ev) => this.receive(ev.data as WorkerResponse));
    // A worker that fails to start would otherwise leave every caller waiting for the timeout.
    endpoint.addEventListener('error', (ev) => {
      const message = (ev as ErrorEvent).message || 'the model worker stopped';
      this.failAll(new WebllmWorkerError(message, 'engine'));
    });
    endpoint.start?.();
  }

  /** Makes a model the user serves themselves loadable under `modelId`. */
  addCustomModel(modelId: string, model: CustomModel) {
    (this.options.customModels ??= {})[modelId] = { modelUrl: model.modelUrl, modelLibUrl: model.modelLibUrl };
  }

  /** The model the worker has loaded, once its load has finished. */
  get loadedModelId(): string | null {
    return this.loads.length ? null : this.loadedModel;
  }

  /** Downloads (or reads from cache) and compiles a model; a second call for it is free. */
  load(modelId: string, onProgress?: LoadProgress): Promise<void> {
    const last = this.loads.at(-1);
    if (last?.modelId === modelId) {
      if (onProgress) last.listeners.push(onProgress);
      return last.promise;
    }
    if (!last && this.loadedModel === modelId) return Promise.resolve();
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.loads.push({ modelId, listeners: onProgress ? [onProgress] : [], promise, resolve, reject });
    const custom = this.options.customModels?.[modelId];
    this.endpoint.postMessage({ type: 'load', modelId, ...(custom ? { custom } : {}) });
    return promise;
  }

  /** Frees the GPU memory; the next chat loads its model again. */
  unload(): void {
    this.loadedModel = null;
    this.endpoint.postMessage({ type: 'unload' });
  }

  /** web-llm's prebuilt model list (answered by the worker, which has web-llm loaded anyway). */
  modelList(): Promise<ModelListEntry[]> {
    return new Promise((resolve, reject) => {
      this.modelWaiters.push({ resolve, reject });
      this.endpoint.postMessage({ type: 'models' });
    });
  }

  /** Which models are already in the browser's cache (answered by the worker). */
  cachedStatus(modelIds: string[]): Promise<Record<string, boolean>> {
    return new Promise((resolve) => {
      this.cacheWaiters.push(resolve);
      this.endpoint.postMessage({ type: 'cacheStatus', modelIds });
    });
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const { signal } = req;
    try {
      if (signal?.aborted) throw new WebllmWorkerError('aborted', 'aborted');
      await this.untilAborted(this.load(req.model), signal);
      const id = `chat-${++this.nextId}`;
      const t0 = performance.now();
      const reply = await new Promise<Extract<WorkerResponse, { type: 'result' }>>((resolve, reject) => {
        const onAbort = () => {
          // Settle now rather than when the worker confirms: the run engine is waiting to move on.
          this.chats.delete(id);
          this.endpoint.postMessage({ type: 'abort', id });
          reject(new WebllmWorkerError('aborted', 'aborted'));
        };
        const settle = <T>(f: (v: T) => void) => (v: T) => {
          signal?.removeEventListener('abort', onAbort);
          f(v);
        };
        this.chats.set(id, { onToken: req.onToken, resolve: settle(resolve), reject: settle(reject) });
        signal?.addEventListener('abort', onAbort, { once: true });
        const { temperature, max_tokens, top_p, seed } = req.params;
        this.endpoint.postMessage({
          type: 'chat',
          id,
          // Plain copies: a reactive proxy (Svelte $state) cannot be structured-cloned.
          messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
          temperature,
          max_tokens,
          ...(top_p === undefined ? {} : { top_p }),
          ...(seed === undefined ? {} : { seed }),
        });
      });
      return {
        text: reply.text,
        finish_reason: (reply.finish_reason && FINISH[reply.finish_reason]) || 'other',
        raw_finish_reason: reply.finish_reason,
        usage: {
          input_tokens: reply.usage?.prompt_tokens ?? null,
          output_tokens: reply.usage?.completion_tokens ?? null,
        },
        latency_ms: performance.now() - t0,
        model: req.model,
      };
    } catch (e) {
      throw this.classifyError(e);
    }
  }

  classifyError(e: unknown): ProviderError {
    if (e instanceof ProviderError) return e;
    const kind = e instanceof WebllmWorkerError ? e.kind : engineErrorKind(e);
    const detail = e instanceof Error ? e.message : String(e);
    // A stop or a dropped download may go through on a retry; a GPU that cannot hold the model will not.
    return new ProviderError(sentenceFor(kind, detail), kind === 'aborted' || kind === 'network' ? 'transient' : 'fatal');
  }

  private untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (!signal) return promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new WebllmWorkerError('aborted', 'aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private receive(msg: WorkerResponse): void {
    switch (msg.type) {
      case 'progress':
        for (const listener of this.loads[0]?.listeners ?? []) listener(msg.progress, msg.text);
        return;
      case 'loaded':
        this.loadedModel = msg.modelId;
        this.loads.shift()?.resolve();
        return;
      case 'token':
        this.chats.get(msg.id)?.onToken?.(msg.delta);
        return;
      case 'result':
        this.chats.get(msg.id)?.resolve(msg);
        this.chats.delete(msg.id);
        return;
      case 'error': {
        const err = new WebllmWorkerError(msg.message, msg.kind);
        if (msg.id !== undefined) {
          this.chats.get(msg.id)?.reject(err);
          this.chats.delete(msg.id);
        } else {
          // The worker released the old engine before the failed load.
          this.loadedModel = null;
          this.loads.shift()?.reject(err);
        }
        return;
      }
      case 'cacheStatus':
        this.cacheWaiters.shift()?.(msg.cached);
        return;
      case 'models': {
        const waiter = this.modelWaiters.shift();
        if (msg.error !== undefined) waiter?.reject(new Error(`Could not read web-llm's model list: ${msg.error}`));
        else waiter?.resolve(msg.models);
        return;
      }
    }
  }

  private failAll(err: Error): void {
    this.loadedModel = null;
    for (const load of this.loads.splice(0)) load.reject(err);
    for (const chat of this.chats.values()) chat.reject(err);
    this.chats.clear();
    for (const waiter of this.cacheWaiters.splice(0)) waiter({});
    for (const waiter of this.modelWaiters.splice(0)) waiter.reject(err);
  }
}

/** Starts the worker; Vite sees this exact form and bundles worker.ts (and web-llm) as a separate chunk. */
export function createWebllmWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
}

export function createWebllmProvider(options?: WebllmProviderOptions): WebllmProvider {
  return new WebllmProvider(createWebllmWorker(), options);
}

let shared: WebllmProvider | undefined;

/**
 * The registry's entry: one worker and one engine per page, whoever asks, because a second
 * engine would load a second copy of the weights onto the same GPU. A config naming a model
 * the user serves themselves (`customModel`) adds it to that engine's list.
 */
export function createProvider(config: ProviderConfig): WebllmProvider {
  shared ??= createWebllmProvider({ customModels: {} });
  if (config.customModel) shared.addCustomModel(config.customModel.id, config.customModel);
  return shared;
}
