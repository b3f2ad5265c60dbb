import { PROVIDER_KIND_LABELS } from '../core/domain';
import type { Endpoint } from '../core/endpoint';
import { loadProvider } from '../providers/registry';
import { probeWebGpu, runnableModels, type RunnableModel, type WebGpuProbe } from '../providers/webllm/device';
import type { WebllmProvider } from '../providers/webllm/webllmProvider';

export const IN_BROWSER_ENDPOINT: Omit<Endpoint, 'models'> = { id: 'in-browser', label: PROVIDER_KIND_LABELS.webllm, kind: 'webllm' };

/**
 * In-browser models for the settings screen: what this GPU can run, what is cached, and a
 * model's download and load progress. Nothing here loads web-llm until `probe()` is called.
 */
export class InBrowserModels {
  gpu = $state.raw<WebGpuProbe | null>(null);
  models = $state.raw<RunnableModel[]>([]);
  cached = $state.raw<Record<string, boolean>>({});
  progress = $state.raw<{ modelId: string; value: number; text: string } | null>(null);
  loaded = $state<string | null>(null);
  error = $state('');

  async #provider(): Promise<WebllmProvider> {
    return (await loadProvider({ kind: 'webllm' })) as WebllmProvider;
  }

  async probe() {
    this.error = '';
    this.gpu = await probeWebGpu();
    if (!this.gpu.available) return;
    try {
      const provider = await this.#provider();
      this.models = runnableModels(await provider.modelList(), this.gpu.shaderF16);
      this.cached = await provider.cachedStatus(this.models.map((m) => m.model_id));
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  async load(modelId: string, custom?: Endpoint['custom_model']) {
    this.error = '';
    this.progress = { modelId, value: 0, text: 'Starting…' };
    try {
      const provider = await this.#provider();
      if (custom) provider.addCustomModel(custom.id, custom);
      await provider.load(modelId, (value, text) => (this.progress = { modelId, value, text }));
      this.loaded = modelId;
      this.cached = { ...this.cached, [modelId]: true };
    } catch (e) {
      this.error = (await this.#provider()).classifyError(e).message;
    } finally {
      this.progress = null;
    }
  }
}
