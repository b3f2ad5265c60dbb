/*
 * The core is type-checked with lib ES2023 only, so DOM and Node types cannot leak in.
 * These few globals exist in every place the core runs (page, worker, Node 20), so they are
 * declared here, minimally, instead of pulling in the whole DOM lib.
 */
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  throwIfAborted(): void;
}
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare var AbortController: { prototype: AbortController; new (): AbortController };
declare var AbortSignal: { prototype: AbortSignal; timeout(ms: number): AbortSignal; any(signals: AbortSignal[]): AbortSignal };
/** Decodes a file's bytes (core/textFile.ts). `fatal` throws on bytes the encoding cannot hold. */
interface TextDecoder {
  decode(input?: Uint8Array): string;
}
declare var TextDecoder: { prototype: TextDecoder; new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder };
