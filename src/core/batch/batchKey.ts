/**
 * Batch keys: the id each request carries through a provider's batch engine, to match its result
 * back to a cell. Anthropic's custom_id must match ^[a-zA-Z0-9_-]{1,64}$, and a cell key
 * (case|framing|model@base URL|rep) does not, so a batch key holds indices into a table of the
 * run ids, case ids, framings and model ids instead: "r0_c12_f1_m0_n3". The table travels with
 * the batches (the CLI's state file, a request file) and only ever grows, so a key keeps its
 * meaning while its batch is out.
 */
import type { CellCoordinates } from '../domain';

/** A cell of a given run: what a batch key stands for. */
export interface BatchCell extends CellCoordinates {
  run_id: string;
}

export interface KeyTable {
  runs: string[];
  cases: string[];
  framings: string[];
  models: string[];
}

export const emptyKeyTable = (): KeyTable => ({ runs: [], cases: [], framings: [], models: [] });

/** Anthropic's rule for custom_id, the strictest of the three providers. */
export const BATCH_KEY_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

const KEY = /^r(\d+)_c(\d+)_f(\d+)_m(\d+)_n(\d+)$/;

function indexIn(list: string[], value: string): number {
  const i = list.indexOf(value);
  if (i >= 0) return i;
  list.push(value);
  return list.length - 1;
}

/** The cell's key, adding what the table lacks to its end (the table is changed in place). */
export function encodeBatchKey(table: KeyTable, c: BatchCell): string {
  return `r${indexIn(table.runs, c.run_id)}_c${indexIn(table.cases, c.case_id)}_f${indexIn(table.framings, c.framing)}_m${indexIn(table.models, c.model_id)}_n${c.rep}`;
}

/** The cell a key stands for, or null when the key is not one of this table's. */
export function decodeBatchKey(table: KeyTable, key: string): BatchCell | null {
  const m = KEY.exec(key);
  if (!m) return null;
  const [run_id, case_id, framing, model_id] = [table.runs[+m[1]!], table.cases[+m[2]!], table.framings[+m[3]!], table.models[+m[4]!]];
  if (run_id === undefined || case_id === undefined || framing === undefined || model_id === undefined) return null;
  return { run_id, case_id, framing, model_id, rep: Number(m[5]) };
}
