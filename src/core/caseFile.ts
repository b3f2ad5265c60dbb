import { caseSchema, type Case } from './caseSchema';
import { parseJson, parseWith, type Parsed } from './located';

/** Reads one native case file: JSON syntax, then the schema. */
export function parseCaseFile(file: string, text: string): Parsed<Case> {
  const json = parseJson(file, text);
  return json.ok ? parseWith(file, caseSchema, json.value) : json;
}

/** Stable, readable JSON for writing a case file. */
export function serializeCase(c: Case): string {
  return JSON.stringify(c, null, 2) + '\n';
}
