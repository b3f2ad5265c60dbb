/**
 * The messages crossing our web-llm worker boundary, typed on both sides (as web-llm's own
 * src/message.ts does). The page never imports web-llm: it only speaks these messages.
 */
import type { ChatMessage } from '../../core/provider';
import type { ModelListEntry } from './device';

/** A model outside web-llm's prebuilt list, compiled with MLC. */
export interface CustomModel {
  /** Absolute URL of the MLC weights; web-llm appends `resolve/main/` to it. */
  modelUrl: string;
  /** Absolute URL of the compiled model library (.wasm). */
  modelLibUrl: string;
}

export interface ChatJob {
  id: string;
  messages: ChatMessage[];
  temperature: number;
  max_tokens: number;
  top_p?: number;
  seed?: number;
}

export type WorkerRequest =
  | { type: 'load'; modelId: string; custom?: CustomModel }
  | ({ type: 'chat' } & ChatJob)
  | { type: 'abort'; id: string }
  | { type: 'unload' }
  | { type: 'cacheStatus'; modelIds: string[] }
  /** web-llm's prebuilt model list, read in the worker so the page never loads a second copy of web-llm. */
  | { type: 'models' };

export interface EngineUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/**
 * What went wrong, decided in the worker where the engine's error classes are still intact
 * (a structured clone keeps only name and message).
 */
export type WorkerErrorKind =
  | 'aborted'
  | 'out_of_memory'
  | 'device_lost'
  | 'no_webgpu'
  | 'unsupported'
  | 'network'
  | 'bad_request'
  | 'engine';

export type WorkerResponse =
  | { type: 'progress'; progress: number; text: string }
  | { type: 'loaded'; modelId: string }
  | { type: 'token'; id: string; delta: string }
  | { type: 'result'; id: string; text: string; finish_reason: string | null; usage: EngineUsage | null }
  /** Without an id the error belongs to the pending load. `message` is the engine's own text. */
  | { type: 'error'; id?: string; message: string; kind: WorkerErrorKind }
  | { type: 'cacheStatus'; cached: Record<string, boolean> }
  | { type: 'models'; models: ModelListEntry[]; error?: string };
