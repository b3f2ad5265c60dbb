import { getContext, setContext } from 'svelte';
import type { Endpoint } from '../core/endpoint';
import type { ModelInfo, ProviderConfig } from '../core/provider';
import { modelIdFor } from '../core/domain';
import type { ModelSpec, Price } from '../core/run/types';
import { PRESETS, findPreset } from '../providers/presets';
import { loadProvider } from '../providers/registry';
import { maskKey, type KeyStore } from '../storage/keyStore';
import type { Store } from '../storage/store';
import { LiveQuery } from './liveQuery.svelte';

/** Where the user's models live, and their keys, for the settings screen and the run set-up. */
export class EndpointsState {
  readonly keys: KeyStore;
  readonly presets = PRESETS;
  readonly findPreset = findPreset;
  #stored: LiveQuery<Endpoint[]>;
  keysLoaded = $state(false);
  /** Bumped when a key changes, so views reading keys re-render. */
  keyVersion = $state(0);

  constructor(readonly store: Store) {
    this.keys = store.keys;
    this.keys.load().then(() => (this.keysLoaded = true));
    this.#stored = new LiveQuery(() => store.endpoints());
  }

  get list(): Endpoint[] {
    return this.#stored.current ?? [];
  }

  /** Every chosen model as the run engine names it. */
  models = $derived.by((): { endpoint: Endpoint; spec: ModelSpec }[] =>
    this.list.flatMap((endpoint) =>
      endpoint.models.map((model) => ({
        endpoint,
        spec: {
          model_id: modelIdFor({ kind: endpoint.kind, baseUrl: endpoint.baseUrl }, model),
          model,
          provider: {
            kind: endpoint.kind,
            ...(endpoint.preset ? { preset: endpoint.preset } : {}),
            ...(endpoint.baseUrl ? { baseUrl: endpoint.baseUrl } : {}),
            ...(endpoint.concurrency ? { maxConcurrency: endpoint.concurrency } : {}),
          },
        },
      })),
    ),
  );

  async save(e: Endpoint) {
    await this.store.putEndpoints([...this.list.filter((x) => x.id !== e.id), e]);
  }

  async remove(id: string) {
    await this.store.putEndpoints(this.list.filter((x) => x.id !== id));
    await this.keys.set(id, '', false);
  }

  async setKey(id: string, key: string, remember: boolean) {
    await this.keys.set(id, key, remember);
    this.keyVersion++;
  }

  /** Enters or changes a saved source's key; a custom server given a key is marked as needing one. */
  async saveKey(e: Endpoint, key: string, remember: boolean) {
    await this.setKey(e.id, key, remember);
    if (key && !e.uses_key && !findPreset(e.preset)) await this.save({ ...e, uses_key: true });
  }

  /** The key as the UI may show it; reading keyVersion re-renders on change. */
  maskedKey(endpointId: string): string {
    void this.keyVersion;
    return maskKey(this.keys.get(endpointId));
  }

  /** This tab holds a key for the source; reading keyVersion re-renders on change. */
  hasKey(endpointId: string): boolean {
    void this.keyVersion;
    return this.keys.get(endpointId) !== undefined;
  }

  /** A known provider that always wants a key, or a custom server saved with one. */
  needsKey(e: Endpoint): boolean {
    return findPreset(e.preset)?.needsKey ?? e.uses_key === true;
  }

  /** The source needs a key and this tab has none (it was not remembered, or never entered). */
  lacksKey(e: Endpoint): boolean {
    // Until the remembered keys are read, say nothing rather than warn wrongly.
    return this.keysLoaded && this.needsKey(e) && !this.hasKey(e.id);
  }

  async forgetKeys() {
    await this.keys.forgetAll();
    this.keyVersion++;
  }

  /** The user's price for a model, for cost estimates and cost so far. */
  priceFor(modelId: string): Price | undefined {
    return this.endpointFor(modelId)?.price;
  }

  endpointFor(modelId: string): Endpoint | undefined {
    return this.models.find((m) => m.spec.model_id === modelId)?.endpoint;
  }

  /** The provider config with its key, for this tab only; never stored with a run. */
  configFor(e: Endpoint): ProviderConfig {
    const apiKey = this.keys.get(e.id);
    return {
      kind: e.kind,
      ...(e.preset ? { preset: e.preset } : {}),
      ...(e.baseUrl ? { baseUrl: e.baseUrl } : {}),
      ...(apiKey ? { apiKey } : {}),
      keyPlace: `for "${e.label}" on the Models page`,
      ...(e.concurrency ? { maxConcurrency: e.concurrency } : {}),
      ...(e.custom_model ? { customModel: e.custom_model } : {}),
    };
  }

  async listModels(e: Endpoint, signal?: AbortSignal): Promise<ModelInfo[]> {
    const provider = await loadProvider(this.configFor(e));
    if (!provider.listModels) return [];
    try {
      return await provider.listModels(signal);
    } catch (err) {
      throw provider.classifyError(err);
    }
  }
}

const KEY = Symbol('endpoints');
export const setEndpoints = (s: EndpointsState) => setContext(KEY, s);
export const getEndpoints = () => getContext<EndpointsState>(KEY);
