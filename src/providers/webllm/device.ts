/**
 * What this browser's GPU can run, asked before a user picks an in-browser model. web-llm's
 * model list lives inside the web-llm package, so it is imported lazily and passed in.
 */

/** The slice of `navigator` a WebGPU probe needs (typed here so tests can pass a fake). */
export interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<{ features: { has(feature: string): boolean } } | null> };
}

export type WebGpuProbe = { available: false; reason: string } | { available: true; shaderF16: boolean };

const NO_WEBGPU =
  'This browser has no WebGPU; in-browser models need Chrome 113+ or Edge on a machine with a GPU, or use a local server such as Ollama.';

export async function probeWebGpu(
  nav: GpuNavigator | undefined = globalThis.navigator as GpuNavigator | undefined,
  secure: boolean | undefined = globalThis.isSecureContext,
): Promise<WebGpuProbe> {
  if (!nav?.gpu) {
    // Browsers hide navigator.gpu on plain-http pages other than localhost, which looks like no WebGPU at all.
    if (secure === false) {
      return {
        available: false,
        reason: 'WebGPU is only offered to secure pages; open this page over https or from http://127.0.0.1 or http://localhost.',
      };
    }
    return { available: false, reason: NO_WEBGPU };
  }
  let adapter: Awaited<ReturnType<NonNullable<GpuNavigator['gpu']>['requestAdapter']>>;
  try {
    adapter = await nav.gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (!adapter) {
    return {
      available: false,
      reason:
        'This browser has WebGPU but found no usable GPU (it may be disabled or blocklisted); use a local server such as Ollama instead.',
    };
  }
  return { available: true, shaderF16: adapter.features.has('shader-f16') };
}

/** The fields of web-llm's ModelRecord this module reads. */
export interface ModelListEntry {
  model_id: string;
  vram_required_MB?: number;
  low_resource_required?: boolean;
  required_features?: string[];
  /** web-llm's ModelType: 0 LLM, 1 embedding, 2 VLM. */
  model_type?: number;
}

export interface RunnableModel {
  model_id: string;
  label: string;
  vram_required_MB: number | null;
  low_resource_required: boolean;
}

const EMBEDDING = 1;

/** e.g. "Llama-3.1-8B-Instruct-q4f32_1-MLC-1k" → "Llama 3.1 8B Instruct (q4f32_1, 1k context)". */
function labelOf(modelId: string): string {
  const m = /^(.*?)-(q\d+f\d+(?:_\d+)?)(?:-MLC)?(?:-(.*))?$/.exec(modelId);
  if (!m) return modelId.replace(/-MLC$/, '').replace(/-/g, ' ');
  const suffix = m[3] ? (/^\d+k$/.test(m[3]) ? `, ${m[3]} context` : `, ${m[3]}`) : '';
  return `${m[1]!.replace(/-/g, ' ')} (${m[2]}${suffix})`;
}

/**
 * The models this adapter can run: without shader-f16 the f16 quantisations (q4f16_1, q0f16 ...)
 * fail at load, and embedding models cannot answer a case.
 */
export function runnableModels(modelList: readonly ModelListEntry[], shaderF16: boolean): RunnableModel[] {
  return modelList
    .filter((m) => m.model_type !== EMBEDDING)
    .filter((m) => shaderF16 || !(m.required_features?.includes('shader-f16') || /-q\d+f16/.test(m.model_id)))
    .map((m) => ({
      model_id: m.model_id,
      label: labelOf(m.model_id),
      vram_required_MB: m.vram_required_MB ?? null,
      low_resource_required: m.low_resource_required ?? false,
    }));
}
