import { parseCaseFile } from '../core/caseFile';
import { formatLocated, type LocatedError } from '../core/located';
import type { Command } from './command';
import { readJsonFiles } from './readTree';

/** `cases validate <paths...>`: exit 0 when every case file is valid and ids are unique. */
const casesValidate: Command = async (args, io) => {
  if (args.length === 0) {
    io.err('usage: npm run cli -- cases validate <files or folders...>');
    return 2;
  }
  // A file the page would refuse (too big, not UTF-8) is invalid here too, and the rest are still checked.
  const refused: LocatedError[] = [];
  const files = await readJsonFiles(args, refused);
  refused.forEach((e) => io.err(formatLocated(e)));
  const seen = new Map<string, string>();
  let bad = refused.length;
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
  const total = files.length + refused.length;
  if (total === 0) {
    io.err(`No .json case files found in ${args.join(', ')}`);
    return 1;
  }
  io.out(`${total - bad} of ${total} case files valid`);
  return bad === 0 ? 0 : 1;
};
export default casesValidate;
