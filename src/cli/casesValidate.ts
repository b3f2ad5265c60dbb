import { parseCaseFile } from '../core/caseFile';
import { formatLocated } from '../core/located';
import type { Command } from './command';
import { readJsonFiles } from './readTree';

/** `cases validate <paths...>`: exit 0 when every case file is valid and ids are unique. */
const casesValidate: Command = async (args, io) => {
  if (args.length === 0) {
    io.err('usage: npm run cli -- cases validate <files or folders...>');
    return 2;
  }
  const files = await readJsonFiles(args);
  const seen = new Map<string, string>();
  let bad = 0;
  for (const f of files) {
    const r = parseCaseFile(f.path, f.text);
    if (!r.ok) {
      bad++;
      r.errors.forEach((e) => io.err(formatLocated(e)));
      continue;
    }
    const prior = seen.get(r.value.id);
    if (prior) {
      bad++;
      io.err(formatLocated({ file: f.path, path: '$.id', message: `case id "${r.value.id}" is also used by ${prior}` }));
    }
    seen.set(r.value.id, f.path);
  }
  if (files.length === 0) {
    io.err(`No .json case files found in ${args.join(', ')}`);
    return 1;
  }
  io.out(`${files.length - bad} of ${files.length} case files valid`);
  return bad === 0 ? 0 : 1;
};
export default casesValidate;
