/**
 * Everything the web-llm worker does, as a pure function of an engine factory and a `post`
 * callback, so tests drive it with a scripted engine and no GPU. worker.ts only wires it to
 * `self` and to the real MLCEngine.
 */
import type { ChatMessage } from '../../core/provider';
import type { ChatJob, CustomModel, EngineUsage, WorkerErrorKind, WorkerRequest, WorkerResponse } from './protocol';
import type { ModelListEntry } from './device';

export interface EngineChatRequest {
  messages: ChatMessage[];
  temperature: number;
  max_tokens: number;
  top_p?: number;
  seed?: number;
  stream: true;
  stream_options: { include_usage: true };
}

/** One streamed chunk, as web-llm's ChatCompletionChunk has it (the fields we read). */
export interface EngineChunk {
  choices: Array<{ delta: { content?: string | null }; finish_reason: string | null }>;
  usage?: EngineUsage | null;
}

/** The part of web-llm's MLCEngine we use; a test engine implements the same. */
export interface LocalEngine {
  reload(modelId: string, chatOpts?: Record<string, unknown>): Promise<void>;
  chat: { completions: { create(req: EngineChatRequest): Promise<AsyncIterable<EngineChunk>> } };
  interruptGenerate(): void | Promise<void>;
  unload(): Promise<void>;
}

/** web-llm's AppConfig, reduced to the one record a custom model needs. */
export interface EngineAppConfig {
  model_list: Array<{ model: string; model_id: string; model_lib: string }>;
}

/** Makes a fresh engine for each load; `appConfig` is set only for a custom model. */
export type EngineFactory = (
  onProgress: (progress: number, text: string) => void,
  appConfig?: EngineAppConfig,
) => Promise<LocalEngine>;

export function customAppConfig(modelId: string, custom: CustomModel): EngineAppConfig {
  for (const url of [custom.modelUrl, custom.modelLibUrl]) {
    try {
      new URL(url); // throws on a relative URL; URL.canParse is newer than WebGPU in Chrome
    } catch {
      const e = new Error(`"${url}" is not an absolute URL (web-llm fetches it as given)`);
      e.name = 'BadModelUrl';
      throw e;
    }
  }
  return { model_list: [{ model: custom.modelUrl, model_id: modelId, model_lib: custom.modelLibUrl }] };
}

/** Sorts an engine failure by its class name or text; web-llm's classes are named in its error.ts. */
export function engineErrorKind(e: unknown): WorkerErrorKind {
  const name = e instanceof Error ? e.name : '';
  const text = e instanceof Error ? e.message : String(e);
  if (name === 'AbortError') return 'aborted';
  // DeviceLostError's text mentions OOM too; it is the device that is gone, so test it first.
  if (name === 'DeviceLostError' || /device (was |is )?lost/i.test(text)) return 'device_lost';
  if (/out of memory|\bOOM\b|failed to allocate|allocation failed/i.test(text)) return 'out_of_memory';
  if (name === 'WebGPUNotAvailableError' || name === 'WebGPUNotFoundError') return 'no_webgpu';
  if (name === 'ShaderF16SupportError' || name === 'FeatureSupportError') return 'unsupported';
  if (/failed to fetch|networkerror|network error|load failed/i.test(text)) return 'network';
  if (name === 'ModelNotFoundError' || name === 'MissingModelWasmError' || name === 'BadModelUrl') return 'bad_request';
  return 'engine';
}

function errorOf(e: unknown, id?: string): WorkerResponse {
  const message = e instanceof Error ? e.message : String(e);
  return { type: 'error', ...(id === undefined ? {} : { id }), message, kind: engineErrorKind(e) };
}

export function createWorkerHandler(
  engineFactory: EngineFactory,
  post: (msg: WorkerResponse) => void,
  isCached: (modelId: string) => Promise<boolean> = async () => false,
  modelList: () => Promise<ModelListEntry[]> = async () => [],
): (msg: WorkerRequest) => void {
  let engine: LocalEngine | null = null;
  /** The chat generating now; only it can be interrupted. */
  let current: string | null = null;
  /** Chats queued or generating; an abort for any other id is stale and ignored. */
  const pending = new Set<string>();
  const aborted = new Set<string>();
  // web-llm runs one generation at a time and a reload under a generation breaks it, so loads,
  // chats and unloads run strictly in arrival order. Every task catches its own errors.
  let queue = Promise.resolve();
  const enqueue = (task: () => Promise<void>) => {
    queue = queue.then(task);
  };
  // Cache checks only read storage: they keep their own order and never wait for a download.
  let cacheQueue = Promise.resolve();

  async function release() {
    const old = engine;
    engine = null;
    // A failed unload leaves nothing the user can act on; the next load starts clean anyway.
    await old?.unload().catch(() => {});
  }

  async function load(modelId: string, custom?: CustomModel) {
    try {
      const appConfig = custom ? customAppConfig(modelId, custom) : undefined;
      await release();
      engine = await engineFactory((progress, text) => post({ type: 'progress', progress, text }), appConfig);
      await engine.reload(modelId);
      post({ type: 'loaded', modelId });
    } catch (e) {
      post(errorOf(e));
    }
  }

  async function chat(job: ChatJob) {
    const { id } = job;
    const abortedError = (): WorkerResponse => ({ type: 'error', id, message: 'stopped', kind: 'aborted' });
    if (aborted.delete(id)) return post(abortedError());
    if (!engine) return post({ type: 'error', id, message: 'no model is loaded', kind: 'engine' });
    current = id;
    let text = '';
    let finish: string | null = null;
    let usage: EngineUsage | null = null;
    try {
      const stream = await engine.chat.completions.create({
        messages: job.messages,
        temperature: job.temperature,
        max_tokens: job.max_tokens,
        ...(job.top_p === undefined ? {} : { top_p: job.top_p }),
        ...(job.seed === undefined ? {} : { seed: job.seed }),
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const chunk of stream) {
        // web-llm clears its interrupt flag when a generation starts, so an abort that lands
        // before the first token would be lost; leaving the loop stops it either way.
        if (aborted.has(id)) break;
        const choice = chunk.choices[0];
        const delta = choice?.delta.content;
        if (delta) {
          text += delta;
          post({ type: 'token', id, delta });
        }
        if (choice?.finish_reason) finish = choice.finish_reason;
        if (chunk.usage) usage = { prompt_tokens: chunk.usage.prompt_tokens, completion_tokens: chunk.usage.completion_tokens };
      }
      post(aborted.delete(id) ? abortedError() : { type: 'result', id, text, finish_reason: finish, usage });
    } catch (e) {
      post(aborted.delete(id) ? abortedError() : errorOf(e, id));
    } finally {
      current = null;
    }
  }

  async function runChat(job: ChatJob) {
    await chat(job);
    pending.delete(job.id);
    aborted.delete(job.id);
  }

  return (msg) => {
    switch (msg.type) {
      case 'load':
        return enqueue(() => load(msg.modelId, msg.custom));
      case 'chat': {
        const { type: _, ...job } = msg;
        pending.add(job.id);
        return enqueue(() => runChat(job));
      }
      case 'abort':
        if (!pending.has(msg.id)) return;
        aborted.add(msg.id);
        if (current === msg.id) void Promise.resolve(engine?.interruptGenerate()).catch(() => {});
        return;
      case 'unload':
        return enqueue(release);
      case 'cacheStatus':
        cacheQueue = cacheQueue.then(async () => {
          const cached: Record<string, boolean> = {};
          for (const modelId of msg.modelIds) cached[modelId] = await isCached(modelId).catch(() => false);
          post({ type: 'cacheStatus', cached });
        });
        return;
      case 'models':
        void modelList().then(
          (models) => post({ type: 'models', models }),
          (e: unknown) => post({ type: 'models', models: [], error: e instanceof Error ? e.message : String(e) }),
        );
        return;
    }
  };
}
