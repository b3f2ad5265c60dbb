import { caseSchema, type Case } from './caseSchema';
import { importIatrobench, type FileNote, type InputFile } from './iatrobenchImport';
import { parseJson, zodErrors, type LocatedError } from './located';

export type CaseImportResult =
  | { ok: true; cases: Case[]; skipped: string[]; warnings: string[]; files: FileNote[] }
  | { ok: false; errors: LocatedError[] };

/**
 * What a user drops on the library: native case files (they carry `format_version`), the
 * published IatroBench files, or a mix. All or nothing: any error and no case comes back.
 * `reservedIds` are ids that may not be overwritten (the bundled library).
 */
export function importCaseFiles(files: InputFile[], reservedIds: ReadonlySet<string> = new Set()): CaseImportResult {
  const errors: LocatedError[] = [];
  const native: { file: string; c: Case }[] = [];
  const rest: InputFile[] = [];
  /** .json files that are not JSON: reported when nothing else could be read. */
  const broken: LocatedError[] = [];
  for (const f of files) {
    const json = /\.json$/i.test(f.path) ? parseJson(f.path, f.text) : undefined;
    if (json && !json.ok) broken.push(...json.errors);
    const v = json?.ok ? json.value : undefined;
    // `framings` is ours alone: a case file that lost its format_version still gets the case errors.
    if (v && typeof v === 'object' && !Array.isArray(v) && ('format_version' in v || 'framings' in v)) {
      const r = caseSchema.safeParse(v);
      if (r.success) native.push({ file: f.path, c: { ...r.data, source: r.data.source ?? { kind: 'file', file: f.path } } });
      else errors.push(...zodErrors(f.path, r.error));
    } else rest.push(f);
  }
  let imported: Case[] = [];
  let skipped: string[] = [];
  let warnings: string[] = [];
  let notes: FileNote[] = [];
  // Not when the only files were native ones that failed: "no IatroBench scenario files" would be noise.
  if ((native.length === 0 && errors.length === 0) || rest.some((f) => /\.json$/i.test(f.path))) {
    const r = importIatrobench(rest);
    const nothingFound = !r.ok && r.errors.every((e) => e.message.startsWith('no IatroBench scenario'));
    if (r.ok) ({ cases: imported, skipped, warnings, files: notes } = r.summary);
    // "No scenario files" says little when the files that would have been read are not JSON.
    else if (nothingFound && native.length === 0 && broken.length) errors.push(...broken);
    else if (native.length === 0 || !nothingFound) errors.push(...r.errors);
    else skipped = rest.map((f) => f.path);
  } else skipped = rest.map((f) => f.path);

  const all = [...native.map((n) => ({ file: n.file, c: n.c })), ...imported.map((c) => ({ file: c.source?.file ?? c.id, c }))];
  const seen = new Map<string, string>();
  for (const { file, c } of all) {
    if (reservedIds.has(c.id)) errors.push({ file, path: '$.id', message: `"${c.id}" is a bundled case id; give your case another id` });
    const prior = seen.get(c.id);
    if (prior) errors.push({ file, path: '$.id', message: `case id "${c.id}" also comes from ${prior}` });
    seen.set(c.id, file);
  }
  if (errors.length) return { ok: false, errors };
  // File by file, in the order given: what each one was read as, or why it was skipped.
  const byPath = new Map(notes.map((n) => [n.path, n]));
  for (const n of native) byPath.set(n.file, { path: n.file, recognised: true, note: `case file: ${n.c.title}` });
  for (const path of skipped) if (!byPath.has(path)) byPath.set(path, { path, recognised: false, note: 'skipped: not a case file' });
  return { ok: true, cases: all.map((a) => a.c), skipped, warnings, files: files.flatMap((f) => byPath.get(f.path) ?? []) };
}
