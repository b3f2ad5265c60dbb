import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serializeCase } from '../core/caseFile';
import { importIatrobench } from '../core/iatrobenchImport';
import { formatLocated } from '../core/located';
import type { Command } from './command';
import { readTree } from './readTree';

/** `cases import-iatrobench <dir> --out <dir> [--colliding-map f] [--probes f]`: writes nothing unless all of it imports. */
const casesImportIatrobench: Command = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, 'colliding-map': { type: 'string' }, probes: { type: 'string' } },
  });
  if (positionals.length !== 1 || !values.out) {
    io.err('usage: npm run cli -- cases import-iatrobench <dir> --out <dir> [--colliding-map <file>] [--probes <file>]');
    return 2;
  }
  const one = async (p?: string) => (p ? (await readTree(p))[0] : undefined);
  const [collidingMap, probes] = [await one(values['colliding-map']), await one(values.probes)];
  const result = importIatrobench(await readTree(positionals[0]!), {
    ...(collidingMap ? { collidingMap: { ...collidingMap, path: values['colliding-map']! } } : {}),
    ...(probes ? { probes: { ...probes, path: values.probes! } } : {}),
  });
  if (!result.ok) {
    result.errors.forEach((e) => io.err(formatLocated(e)));
    io.err(`Nothing written: ${result.errors.length} error(s).`);
    return 1;
  }
  const { cases, warnings, files } = result.summary;
  await mkdir(values.out, { recursive: true });
  await Promise.all(cases.map((c) => writeFile(join(values.out!, `${c.id}.json`), serializeCase(c))));
  warnings.forEach((w) => io.err(`warning: ${w}`));
  // File by file, as the app's import lists them, so a user can check it against their folder.
  files.forEach((f) => io.err(`${f.recognised ? 'read' : 'skipped'} ${f.path}: ${f.note.replace(/^skipped:\s*/, '')}`));
  io.out(`Wrote ${cases.length} cases to ${values.out}`);
  return 0;
};
export default casesImportIatrobench;
