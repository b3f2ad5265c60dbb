import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { InputFile } from '../core/iatrobenchImport';

/** Reads a file, or every file under a folder (recursively), as InputFiles with paths relative to `base`. */
export async function readTree(path: string, base = path): Promise<InputFile[]> {
  const s = await stat(path);
  if (!s.isDirectory()) return [{ path: relative(base, path) || path, text: await readFile(path, 'utf8') }];
  const names = (await readdir(path)).sort();
  const nested = await Promise.all(names.filter((n) => !n.startsWith('.')).map((n) => readTree(join(path, n), base)));
  return nested.flat();
}

/** All *.json case files under the given files/folders, with their paths as given. */
export async function readJsonFiles(paths: string[]): Promise<InputFile[]> {
  const all = await Promise.all(
    paths.map(async (p) => {
      const isDir = (await stat(p)).isDirectory();
      return (await readTree(p)).map((f) => ({ ...f, path: isDir ? join(p, f.path) : p }));
    }),
  );
  return all.flat().filter((f) => f.path.endsWith('.json'));
}
