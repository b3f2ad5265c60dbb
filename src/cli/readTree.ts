import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { InputFile } from '../core/iatrobenchImport';
import { formatLocated, type LocatedError } from '../core/located';
import { readTextFile } from '../core/textFile';

/**
 * Reads a file, or every file under a folder (recursively), as InputFiles with paths relative to `base`.
 * Files are read as the page reads them (core/textFile.ts: size limit, byte-order marks, UTF-16,
 * no Latin-1 taken for UTF-8). A refused file throws, naming it; given `refused`, it is listed
 * there instead and left out, so a caller can go on with the rest.
 */
export async function readTree(path: string, base = path, refused?: LocatedError[]): Promise<InputFile[]> {
  const s = await stat(path);
  if (!s.isDirectory()) {
    const r = await readTextFile(relative(base, path) || path, s.size, () => readFile(path));
    if (r.ok) return [r.value];
    if (!refused) throw new Error(r.errors.map(formatLocated).join('\n'));
    refused.push(...r.errors);
    return [];
  }
  const names = (await readdir(path)).sort();
  const nested = await Promise.all(names.filter((n) => !n.startsWith('.')).map((n) => readTree(join(path, n), base, refused)));
  return nested.flat();
}

/** All *.json case files under the given files/folders, with their paths as given. A refused case file throws, or goes to `refused` when given. */
export async function readJsonFiles(paths: string[], refused?: LocatedError[]): Promise<InputFile[]> {
  const errors: LocatedError[] = [];
  const all = await Promise.all(
    paths.map(async (p) => {
      const isDir = (await stat(p)).isDirectory();
      const mine: LocatedError[] = [];
      const files = (await readTree(p, p, mine)).map((f) => ({ ...f, path: isDir ? join(p, f.path) : p }));
      errors.push(...mine.map((e) => ({ ...e, file: isDir ? join(p, e.file) : p })));
      return files;
    }),
  );
  // Only case files count: a large or binary file beside them is not this command's business.
  const caseErrors = errors.filter((e) => e.file.endsWith('.json'));
  if (caseErrors.length && !refused) throw new Error(caseErrors.map(formatLocated).join('\n'));
  refused?.push(...caseErrors);
  return all.flat().filter((f) => f.path.endsWith('.json'));
}
