import type { SchedulerState, SchedulerStatus } from './scheduler';
import type { ResponseStatus } from './types';

/**
 * Progress as a run (or a judging) reports it: what it has stored, counted as it goes, plus the
 * scheduler's state. Shared by the case-matrix run and the judge, so both report alike.
 */

export type RunState = SchedulerState;

export interface RunProgress {
  state: RunState;
  /** Cells in the matrix (framings a case lacks are not cells). */
  total: number;
  /** Cells stored, including those stored before this session started. */
  done: number;
  /** Cells that were already stored when this session started. */
  resumed: number;
  /** Responses stored in this session, by status. */
  ok: number;
  filtered: number;
  errors: number;
  in_flight: number;
  /** Cells left unrun because their model was blocked (key rejected, model not found). */
  blocked: number;
  /** USD spent in this session on responses whose model has a known price. */
  cost_so_far: number;
  /** Estimated time to finish, from this session's pace; null until a response is stored. */
  eta_ms: number | null;
}

export interface RunResult {
  state: 'completed' | 'cancelled' | 'failed';
  error: string | null;
  progress: RunProgress;
}

/** What a caller holds while a run or a judging goes on. */
export interface RunHandle {
  /** Runs until completed, cancelled or failed; a pause does not settle it. Call once. */
  start(): Promise<RunResult>;
  pause(): void;
  resume(): void;
  cancel(): void;
  progress(): RunProgress;
}

/** Stored so far: before this session (`resumed`), and in it by status, with its cost. */
export interface Tally {
  resumed: number;
  ok: number;
  filtered: number;
  errors: number;
  cost: number;
}

export function emptyTally(): Tally {
  return { resumed: 0, ok: 0, filtered: 0, errors: 0, cost: 0 };
}

/** Counts one stored result. */
export function count(t: Tally, status: ResponseStatus, costUsd: number | null): void {
  // A truncated answer is still an answer (its first part is kept and can be scored).
  if (status === 'ok' || status === 'truncated') t.ok++;
  else if (status === 'filtered') t.filtered++;
  else t.errors++;
  t.cost += costUsd ?? 0;
}

export function progressOf(t: Tally, total: number, s: SchedulerStatus): RunProgress {
  const doneNow = t.ok + t.filtered + t.errors;
  const done = t.resumed + doneNow;
  const left = total - done - s.blockedJobs;
  return {
    state: s.state,
    total,
    done,
    resumed: t.resumed,
    ok: t.ok,
    filtered: t.filtered,
    errors: t.errors,
    in_flight: s.inFlight,
    blocked: s.blockedJobs,
    cost_so_far: t.cost,
    eta_ms: doneNow > 0 ? Math.round((s.activeMs / doneNow) * Math.max(0, left)) : null,
  };
}
