/**
 * The web-llm Web Worker entry. Vite bundles it as its own chunk, and web-llm is imported only
 * when the first message arrives, so neither is downloaded until a user opens the in-browser
 * models (the model list is read here too: the page never loads web-llm itself).
 */
import type { MLCEngine } from '@mlc-ai/web-llm';
import { createWorkerHandler, type LocalEngine } from './handler';
import type { WorkerRequest, WorkerResponse } from './protocol';

// The project's browser tsconfig types `self` as a Window; inside a worker it is this.
const scope = self as unknown as {
  postMessage(msg: WorkerResponse): void;
  onmessage: ((ev: MessageEvent<WorkerRequest>) => void) | null;
};

let webllm: Promise<typeof import('@mlc-ai/web-llm')> | undefined;
const loadWebllm = () => (webllm ??= import('@mlc-ai/web-llm'));

const handle = createWorkerHandler(
  async (onProgress, appConfig) => {
    const { MLCEngine } = await loadWebllm();
    const engine: MLCEngine = new MLCEngine({
      ...(appConfig ? { appConfig } : {}),
      initProgressCallback: (report) => onProgress(report.progress, report.text),
    });
    // Checks at compile time that the real engine still fits the interface the handler is tested with.
    const local: LocalEngine = engine;
    return local;
  },
  (msg) => scope.postMessage(msg),
  async (modelId) => (await loadWebllm()).hasModelInCache(modelId),
  async () => (await loadWebllm()).prebuiltAppConfig.model_list,
);

scope.onmessage = (ev) => handle(ev.data);
