import { z } from 'zod';
import { caseSchema } from './caseSchema';
import { responseRecordSchema, runSpecSchema } from './run/types';
import { scoreRecordSchema } from './scoreRecord';
import { parseJson, parseWith, type Parsed } from './located';

/**
 * The whole-workspace export: every table of the browser database except secrets (API keys
 * are never exported). Rows other than cases are kept loose here; each later feature's own
 * schema validates them when it reads them, so a newer export still opens in this version.
 */
export const WORKSPACE_FORMAT = 'iatroscope-workspace';
export const WORKSPACE_VERSION = 1;

const row = z.looseObject({ id: z.string().min(1) });

/** Requests sent and not answered, with what they may cost (null when a model has no price). */
export const sentRequestsSchema = z.strictObject({
  requests: z.number().int().min(0),
  /** An upper bound: each request's prompt plus its full max tokens. */
  cost_usd: z.number().nullable(),
});
export type SentRequests = z.infer<typeof sentRequestsSchema>;

/** What is stored per run: the spec and where it got to; progress is derived from responses. */
export const runRowSchema = z.strictObject({
  id: z.string().min(1),
  created_at: z.string(),
  spec: runSpecSchema,
  /** 'running' in storage with no tab holding the run's lock means the tab closed mid-run: resumable. */
  state: z.enum(['idle', 'running', 'pausing', 'paused', 'completed', 'cancelled', 'failed']),
  error: z.string().nullable(),
  /** Requests in flight, as the tab driving the run last recorded them. */
  in_flight: sentRequestsSchema.optional(),
  /**
   * Requests that were in flight when the tab driving the run closed or reloaded: sent, so paid
   * for, but never answered (the resumed run sends them again). Part of the run's spend.
   */
  unanswered: sentRequestsSchema.optional(),
});
export type RunRow = z.infer<typeof runRowSchema>;

export const workspaceTables = {
  cases: z.array(caseSchema),
  runs: z.array(runRowSchema),
  responses: z.array(responseRecordSchema),
  scores: z.array(scoreRecordSchema),
  ratings: z.array(row),
  settings: z.array(z.looseObject({ key: z.string().min(1) })),
};

export const workspaceSchema = z.strictObject({
  format: z.literal(WORKSPACE_FORMAT),
  version: z.literal(WORKSPACE_VERSION),
  exported_at: z.string(),
  tables: z.strictObject(workspaceTables),
});

export type Workspace = z.infer<typeof workspaceSchema>;
export type WorkspaceTables = Workspace['tables'];
export type TableName = keyof WorkspaceTables;
export const TABLE_NAMES = Object.keys(workspaceTables) as TableName[];

/** Setting keys that must never leave the browser, even if someone stored one by mistake. */
const SECRET_KEY = /key|token|secret|password/i;

export function isSecretSettingKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function parseWorkspace(file: string, text: string): Parsed<Workspace> {
  const json = parseJson(file, text);
  return json.ok ? parseWith(file, workspaceSchema, json.value) : json;
}
