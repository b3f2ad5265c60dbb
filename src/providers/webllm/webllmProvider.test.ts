import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProviderError, type ChatRequest } from '../../core/provider';
import { createWorkerHandler, type EngineAppConfig, type EngineChatRequest, type EngineChunk, type LocalEngine } from './handler';
import type { WorkerRequest, WorkerResponse } from './protocol';
import type { ModelListEntry } from './device';
import { WebllmProvider, type WebllmProviderOptions, type WorkerEndpoint } from './webllmProvider';

const tick = () => new Promise((r) => setTimeout(r, 1));

/** Streams each answer word by word, like web-llm, and stops with finish_reason "abort" when interrupted. */
class TestEngine implements LocalEngine {
  interrupts = 0;
  active = 0;
  maxActive = 0;
  requests: EngineChatRequest[] = [];
  /** When set, generation waits here before each token after the first (to abort mid-stream). */
  hold: Promise<void> | null = null;
  private interrupted = false;

  constructor(
    private readonly onProgress: (progress: number, text: string) => void,
    readonly script: { answer?: string[]; finish?: string; fail?: Error; loadFail?: Error } = {},
  ) {}

  async reload(modelId: string) {
    this.onProgress(0, `Fetching ${modelId}`);
    await tick();
    this.onProgress(0.5, 'Loading shaders');
    await tick();
    if (this.script.loadFail) throw this.script.loadFail;
    this.onProgress(1, 'Ready');
  }

  chat = {
    completions: {
      create: async (req: EngineChatRequest): Promise<AsyncIterable<EngineChunk>> => {
        this.requests.push(req);
        this.interrupted = false;
        return this.stream();
      },
    },
  };

  private async *stream(): AsyncGenerator<EngineChunk> {
    this.maxActive = Math.max(this.maxActive, ++this.active);
    try {
      const words = this.script.answer ?? ['Call ', 'an ', 'ambulance.'];
      for (const [i, word] of words.entries()) {
        if (i > 0 && this.hold) await this.hold;
        await tick();
        if (this.script.fail && i === 1) throw this.script.fail;
        if (this.interrupted) {
          yield { choices: [{ delta: {}, finish_reason: 'abort' }] };
          return;
        }
        const last = i === words.length - 1;
        yield { choices: [{ delta: { content: word }, finish_reason: last ? (this.script.finish ?? 'stop') : null }] };
      }
      yield { choices: [], usage: { prompt_tokens: 12, completion_tokens: words.length } };
    } finally {
      this.active--;
    }
  }

  interruptGenerate() {
    this.interrupts++;
    this.interrupted = true;
  }

  async unload() {}
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

/** What the test worker answers for web-llm's prebuilt list (or throws). */
let modelList: () => Promise<ModelListEntry[]> = async () => [];

/** A worker and a page joined by a real MessageChannel, so every message is structured-cloned. */
function setup(script: TestEngine['script'] = {}, options: WebllmProviderOptions = {}) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const engines: TestEngine[] = [];
  const appConfigs: Array<EngineAppConfig | undefined> = [];
  const handle = createWorkerHandler(
    async (onProgress, appConfig) => {
      appConfigs.push(appConfig);
      const engine = new TestEngine(onProgress, script);
      engines.push(engine);
      return engine;
    },
    (msg: WorkerResponse) => port2.postMessage(msg),
    async (modelId) => modelId.startsWith('cached-'),
    () => modelList(),
  );
  port2.addEventListener('message', (ev) => handle((ev as MessageEvent<WorkerRequest>).data));
  const worker: WorkerEndpoint = {
    postMessage: (msg) => port1.postMessage(msg),
    addEventListener: (type: 'message' | 'error', listener: (ev: MessageEvent) => void) => {
      if (type === 'message') port1.addEventListener('message', listener);
    },
  };
  const provider = new WebllmProvider(worker, options);
  return { provider, engines, appConfigs };
}

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
    messages: [{ role: 'user', content: 'Chest pain for an hour. What now?' }],
    params: { temperature: 0, max_tokens: 64 },
    ...overrides,
  };
}

describe('WebllmProvider over the worker handler', () => {
  it('declares one generation at a time', () => {
    const { provider } = setup();
    expect([provider.kind, provider.concurrencyKey, provider.maxConcurrency]).toEqual(['webllm', 'webllm', 1]);
  });

  it('loads a model, reporting progress in order', async () => {
    const { provider } = setup();
    const seen: Array<[number, string]> = [];
    await provider.load('Llama-3.2-1B-Instruct-q4f32_1-MLC', (p, text) => seen.push([p, text]));
    expect(seen).toEqual([
      [0, 'Fetching Llama-3.2-1B-Instruct-q4f32_1-MLC'],
      [0.5, 'Loading shaders'],
      [1, 'Ready'],
    ]);
    expect(provider.loadedModelId).toBe('Llama-3.2-1B-Instruct-q4f32_1-MLC');
  });

  it('streams tokens and returns the text, finish reason and usage of the final chunk', async () => {
    const { provider, engines } = setup();
    const tokens: string[] = [];
    const result = await provider.chat(request({ params: { temperature: 0.7, max_tokens: 64, seed: 7 }, onToken: (d) => tokens.push(d) }));
    expect(tokens).toEqual(['Call ', 'an ', 'ambulance.']);
    expect(result).toMatchObject({
      text: 'Call an ambulance.',
      finish_reason: 'stop',
      raw_finish_reason: 'stop',
      usage: { input_tokens: 12, output_tokens: 3 },
      model: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
    });
    expect(engines[0]!.requests[0]).toMatchObject({
      temperature: 0.7,
      max_tokens: 64,
      seed: 7,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(engines[0]!.requests[0]).not.toHaveProperty('top_p');
  });

  it('maps a length stop', async () => {
    const { provider } = setup({ finish: 'length' });
    expect((await provider.chat(request())).finish_reason).toBe('length');
  });

  it('runs two chats one after the other, each with its own tokens', async () => {
    const { provider, engines } = setup({ answer: ['a', 'b', 'c'] });
    const tokens: Record<string, string[]> = { one: [], two: [] };
    const [one, two] = await Promise.all([
      provider.chat(request({ onToken: (d) => tokens.one!.push(d) })),
      provider.chat(request({ onToken: (d) => tokens.two!.push(d) })),
    ]);
    expect([one.text, two.text]).toEqual(['abc', 'abc']);
    expect(tokens).toEqual({ one: ['a', 'b', 'c'], two: ['a', 'b', 'c'] });
    // Both chats share one load and the engine never had two generations at once.
    expect(engines).toHaveLength(1);
    expect(engines[0]!.maxActive).toBe(1);
  });

  it('aborts mid-stream: interrupts the engine and rejects with a transient error', async () => {
    const { provider, engines } = setup();
    await provider.load('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    let release!: () => void;
    engines[0]!.hold = new Promise((r) => (release = r));
    const ac = new AbortController();
    const tokens: string[] = [];
    const chat = provider.chat(request({ signal: ac.signal, onToken: (d) => (tokens.push(d), ac.abort()) }));
    await expect(chat).rejects.toSatisfy((e) => e instanceof ProviderError && e.kind === 'transient');
    await vi.waitFor(() => expect(engines[0]!.interrupts).toBe(1));
    release();
    expect(tokens).toEqual(['Call ']);
    // The interrupted generation ends and the next chat runs normally.
    engines[0]!.hold = null;
    expect((await provider.chat(request())).text).toBe('Call an ambulance.');
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { provider, engines } = setup();
    const ac = new AbortController();
    ac.abort();
    await expect(provider.chat(request({ signal: ac.signal }))).rejects.toMatchObject({ kind: 'transient' });
    expect(engines).toHaveLength(0);
  });

  it('turns an engine error during generation into a plain sentence', async () => {
    const { provider } = setup({ fail: new Error('GPU out of memory: failed to allocate buffer') });
    const err = await provider.chat(request()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({
      kind: 'fatal',
      message: 'The GPU ran out of memory for this model; pick a smaller model or close other tabs that use the GPU.',
    });
  });

  it('reports a lost device on load as fatal, then loads again on the next request', async () => {
    const lost = Object.assign(new Error('The WebGPU device was lost while loading the model (OOM).'), { name: 'DeviceLostError' });
    const { provider, engines } = setup({ loadFail: lost });
    const err = await provider.chat(request()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'fatal', message: expect.stringMatching(/^The GPU device was lost/) });
    expect(provider.loadedModelId).toBeNull();
    await provider.chat(request()).catch(() => {});
    expect(engines).toHaveLength(2);
  });

  it('quotes an unknown engine error', async () => {
    const { provider } = setup({ fail: new Error('tokenizer exploded.') });
    await expect(provider.chat(request())).rejects.toMatchObject({
      kind: 'fatal',
      message: 'The in-browser model failed: tokenizer exploded.',
    });
  });

  it('passes a custom model to the engine and refuses a relative URL', async () => {
    const custom = { modelUrl: 'https://example.org/my-model', modelLibUrl: 'https://example.org/my-model.wasm' };
    const { provider, appConfigs } = setup({}, { customModels: { mine: custom, bad: { ...custom, modelUrl: 'models/bad' } } });
    await provider.load('mine');
    expect(appConfigs).toEqual([
      { model_list: [{ model: custom.modelUrl, model_id: 'mine', model_lib: custom.modelLibUrl }] },
    ]);
    const err = await provider.load('bad').catch((e: unknown) => provider.classifyError(e));
    expect(err).toMatchObject({ kind: 'fatal', message: expect.stringContaining('"models/bad" is not an absolute URL') });
  });

  it("reads web-llm's model list in the worker, and reports a failure to read it", async () => {
    const list: ModelListEntry[] = [
      { model_id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC', vram_required_MB: 1128.8, low_resource_required: true },
      { model_id: 'snowflake-arctic-embed-m-q0f32-MLC-b4', model_type: 1 },
    ];
    modelList = async () => list;
    const { provider } = setup();
    expect(await provider.modelList()).toEqual(list);
    modelList = async () => {
      throw new Error('network down');
    };
    await expect(provider.modelList()).rejects.toThrow("Could not read web-llm's model list: network down");
    modelList = async () => [];
  });

  it('asks the worker which models are cached', async () => {
    const { provider } = setup();
    expect(await provider.cachedStatus(['cached-a', 'b'])).toEqual({ 'cached-a': true, b: false });
  });

  it('classifies a thrown abort as transient', () => {
    const { provider } = setup();
    expect(provider.classifyError(new DOMException('stopped', 'AbortError')).kind).toBe('transient');
  });
});
