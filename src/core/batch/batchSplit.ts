/** Splitting batch requests at a provider's limits, and the batch price. */
import type { Price } from '../run/types';

/** The most one batch (or one batch input file) may hold. */
export interface BatchLimits {
  maxRequests: number;
  /** Bytes of the request lines, each line's JSON plus its newline. */
  maxBytes: number;
}

/**
 * Requests in order, cut into batches that each keep within the limits. A request's size is
 * given with it; one larger than maxBytes alone is refused, since no batch could take it.
 */
export function splitAtLimits<T extends { bytes: number }>(items: readonly T[], limits: BatchLimits): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (item.bytes > limits.maxBytes) {
      throw new Error(`one request is ${item.bytes.toLocaleString('en')} bytes, more than a batch may hold (${limits.maxBytes.toLocaleString('en')})`);
    }
    if (current.length >= limits.maxRequests || bytes + item.bytes > limits.maxBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.bytes;
  }
  if (current.length) batches.push(current);
  return batches;
}

/** A JSONL line's size: its UTF-8 bytes and the newline. */
export function lineBytes(line: unknown): number {
  let n = 1;
  for (const ch of JSON.stringify(line)) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * OpenAI, Anthropic and Gemini all bill batch requests at half the live price
 * (platform.openai.com/docs/guides/batch, docs.anthropic.com/en/docs/build-with-claude/batch-processing,
 * ai.google.dev/gemini-api/docs/batch-mode).
 */
export const BATCH_PRICE_FACTOR = 0.5;

export function batchPrice(price: Price | undefined): Price | undefined {
  return price && { input_per_mtok: price.input_per_mtok * BATCH_PRICE_FACTOR, output_per_mtok: price.output_per_mtok * BATCH_PRICE_FACTOR };
}
