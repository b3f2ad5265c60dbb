import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCaseFile } from '../core/caseFile';
import { formatLocated } from '../core/located';
import type { Case } from '../core/caseSchema';
import { parseAnswersFile, parseSecondLabels, type LabelledAnswer, type SecondLabel } from '../core/scoring/clinicalValidity';

/**
 * The bundled cases with their labelled answers (scenarios/<folder>/<case-id>.jsonl: `answers`
 * for development, `heldout` for the check on answers the rules were not tuned on),
 * for the validity benchmark and the test that grades them all. Throws, naming the file, on
 * a case or answers file that does not parse, or answers for a case that does not exist.
 */
export function loadAnswerSet(scenarioDir: string, folder = 'answers'): { answer: LabelledAnswer; case: Case }[] {
  const cases = new Map<string, Case>();
  for (const f of readdirSync(scenarioDir).filter((f) => f.endsWith('.json'))) {
    const r = parseCaseFile(f, readFileSync(join(scenarioDir, f), 'utf8'));
    if (!r.ok) throw new Error(r.errors.map(formatLocated).join('\n'));
    cases.set(r.value.id, r.value);
  }
  const dir = join(scenarioDir, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => {
      const c = cases.get(f.replace(/\.jsonl$/, ''));
      if (!c) throw new Error(`${join(dir, f)}: no bundled case with this id`);
      return parseAnswersFile(join(dir, f), readFileSync(join(dir, f), 'utf8')).map((answer) => ({ answer, case: c }));
    });
}

/** Second raters' labels (scenarios/rater2/<set>.jsonl), by the set they label again. */
export function loadSecondLabels(scenarioDir: string): Map<string, SecondLabel[]> {
  const dir = join(scenarioDir, 'rater2');
  const out = new Map<string, SecondLabel[]>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    out.set(f.replace(/\.jsonl$/, ''), parseSecondLabels(join(dir, f), readFileSync(join(dir, f), 'utf8')));
  }
  return out;
}
