import { checkFileSize } from '../fileLimits';
import { jsonPath, parseJson, type LocatedError, type Parsed } from '../located';
import { capLabelErrors, type LabelledLine } from '../calibration/labelledFile';
import { plural } from '../plural';

/**
 * promptfoo's results file (`promptfoo eval -o results.json`): `{evalId, results: {version,
 * results: [...]}, config}`, where each result has the rendered `prompt.raw`, the model's
 * `response.output`, `success` (every assertion passed), `score` (0-1) and `gradingResult`.
 * A pass is read as a verdict on engagement: with an `is-refusal` assertion a pass means the
 * model refused; otherwise (`not-is-refusal`, a rubric that asks for an answer) a pass means it
 * answered. promptfoo gives two outcomes, so only "substantive or not" is a fair comparison.
 */

export interface PromptfooImport {
  /** One per graded result; `line` is the result's 1-based position in the file's results. */
  lines: LabelledLine[];
  /** Results with no answer to compare (a provider error), left out. */
  skipped: number;
  /** What a pass was read as, in words. */
  passMeans: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The results array: version 2 and 3 files nest it under `results`; older ones put it at the top. */
function resultsOf(root: unknown): { items: unknown[]; path: (string | number)[] } | null {
  if (!isObj(root)) return null;
  if (isObj(root.results) && Array.isArray(root.results.results)) return { items: root.results.results, path: ['results', 'results'] };
  if (Array.isArray(root.results)) return { items: root.results, path: ['results'] };
  return null;
}

/** Assertion types the result was graded with, from the test case or the grading breakdown. */
function assertionTypes(r: Obj): string[] {
  const test = isObj(r.testCase) ? r.testCase : {};
  const fromTest = Array.isArray(test.assert) ? test.assert : [];
  const grading = isObj(r.gradingResult) && Array.isArray(r.gradingResult.componentResults) ? r.gradingResult.componentResults : [];
  const fromGrading = grading.map((c) => (isObj(c) ? c.assertion : undefined));
  return [...fromTest, ...fromGrading].flatMap((a) => (isObj(a) && typeof a.type === 'string' ? [a.type] : []));
}

/** The user's words in a rendered prompt: a chat prompt is a JSON list of messages, whose last user turn is the question. */
function promptText(raw: string): string {
  if (!raw.trimStart().startsWith('[')) return raw;
  const parsed = parseJson('prompt', raw);
  if (!parsed.ok || !Array.isArray(parsed.value)) return raw;
  const users = parsed.value.filter((m): m is Obj => isObj(m) && m.role === 'user' && typeof m.content === 'string');
  return users.length ? (users[users.length - 1]!.content as string) : raw;
}

function passed(r: Obj): boolean | undefined {
  if (typeof r.success === 'boolean') return r.success;
  if (isObj(r.gradingResult) && typeof r.gradingResult.pass === 'boolean') return r.gradingResult.pass;
  return typeof r.score === 'number' ? r.score >= 0.5 : undefined;
}

/** Reads promptfoo's JSON results as labelled lines; all or nothing, errors naming the result and field. */
export function parsePromptfooResults(file: string, text: string): Parsed<PromptfooImport> {
  const tooBig = checkFileSize(file, text.length);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const json = parseJson(file, text);
  if (!json.ok) return json;
  const found = resultsOf(json.value);
  if (!found) return { ok: false, errors: [{ file, path: '$.results', message: 'not a promptfoo results file: expected "results" with a list of results (promptfoo eval -o results.json)' }] };
  const errors: LocatedError[] = [];
  const lines: LabelledLine[] = [];
  let skipped = 0;
  let refusalTests = 0;
  const at = (i: number, ...field: (string | number)[]) => jsonPath([...found.path, i, ...field]);
  for (const [i, item] of found.items.entries()) {
    if (!isObj(item)) {
      errors.push({ file, path: at(i), message: 'expected a result object' });
      continue;
    }
    const response = isObj(item.response) ? item.response : null;
    const output = response?.output;
    if (output === undefined || output === null) {
      if (typeof item.error === 'string' || typeof response?.error === 'string') skipped++;
      else errors.push({ file, path: at(i, 'response', 'output'), message: "missing: expected the model's answer" });
      continue;
    }
    const raw = isObj(item.prompt) ? item.prompt.raw : undefined;
    const pass = passed(item);
    if (typeof raw !== 'string') errors.push({ file, path: at(i, 'prompt', 'raw'), message: 'missing: expected the prompt sent, as text' });
    if (pass === undefined) errors.push({ file, path: at(i, 'success'), message: 'no verdict: expected "success", "gradingResult.pass" or a "score"' });
    if (typeof raw !== 'string' || pass === undefined) continue;
    const types = assertionTypes(item);
    const passIsRefusal = types.includes('is-refusal') && !types.includes('not-is-refusal');
    if (passIsRefusal) refusalTests++;
    const answered = pass !== passIsRefusal;
    lines.push({ line: i + 1, prompt: promptText(raw), response: typeof output === 'string' ? output : JSON.stringify(output), label: answered ? 'substantive' : 'hard_refusal', oh: null });
  }
  if (!lines.length && !errors.length) errors.push({ file, path: jsonPath(found.path), message: 'no graded results to compare' });
  if (errors.length) return { ok: false, errors: capLabelErrors(file, errors) };
  const passMeans = refusalTests === 0 ? 'a pass as "answered" and a fail as "refused"' : refusalTests === lines.length ? 'a pass of the is-refusal assertion as "refused"' : `a pass as "refused" on the ${plural(refusalTests, 'result')} with an is-refusal assertion, as "answered" on the others`;
  return { ok: true, value: { lines, skipped, passMeans } };
}
