/** A batch item's result as the same ResponseRecord a live run writes. */
import { ProviderError, type ChatResult } from '../provider';
import { recordOf, type SentCell } from '../run/records';
import type { Outcome } from '../run/scheduler';
import type { Price, ResponseRecord } from '../run/types';
import { batchPrice } from './batchSplit';

/** What a provider's batch engine says of one request. */
export type BatchItemResult =
  | { kind: 'done'; value: ChatResult }
  /** An error for this request, or no answer because the batch expired or was cancelled first. */
  | { kind: 'failed'; message: string; expired: boolean };

/** When and how often a cell was put in a batch. */
export interface BatchAttempt {
  /** Clock ms when its (latest) batch was submitted. */
  submittedAt: number;
  /** Batches this cell has been in, this one included. */
  attempts: number;
}

/** The result as an Outcome, so the live run's record code (recordOf, answerFields) makes the record. */
export function batchOutcome(result: BatchItemResult, a: BatchAttempt, completedAt: number): Outcome<ChatResult> {
  if (result.kind === 'done') return { kind: 'done', value: result.value, attempts: a.attempts, startedAt: a.submittedAt };
  return { kind: 'failed', error: new ProviderError(batchFailureMessage(result), 'transient'), attempts: a.attempts, startedAt: a.submittedAt, latencyMs: completedAt - a.submittedAt };
}

/**
 * The record of a batch item: status, finish reason, content filter and usage read as a live
 * answer's; cost at the batch price (half the model's price); an error or an expiry a failed
 * record (status 'error'). A batch answer has no latency of its own: latency_ms is 0.
 */
export function batchRecord(sent: SentCell, result: BatchItemResult, a: BatchAttempt, completedAt: number, price: Price | undefined): ResponseRecord {
  const outcome = batchOutcome(result.kind === 'done' ? { ...result, value: { ...result.value, latency_ms: 0 } } : result, a, completedAt);
  return recordOf(sent, outcome, completedAt, batchPrice(price));
}

/** What a failed item's record says of it. */
export function batchFailureMessage(result: Extract<BatchItemResult, { kind: 'failed' }>): string {
  return result.expired ? `The batch expired before this request was answered: ${result.message}` : result.message;
}
