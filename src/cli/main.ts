/**
 * `npm run cli -- <command> ...`: the Node entry over the same core as the page.
 * Each command lives in its own module and is loaded only when called.
 */
import { API_PROVIDER_KINDS } from '../core/domain';
import type { CliIO, Command } from './command';

export type { CliIO, Command } from './command';

const providers = `<${API_PROVIDER_KINDS.join('|')}>`;

const commands: Record<string, { help: string; load: () => Promise<{ default: Command }> }> = {
  'cases validate': { help: 'cases validate <paths...>', load: () => import('./casesValidate') },
  'cases import-iatrobench': {
    help: 'cases import-iatrobench <dir> --out <dir> [--colliding-map <file>] [--probes <file>]',
    load: () => import('./casesImportIatrobench'),
  },
  'analyze': { help: 'analyze --cases <dir> --scores <file.jsonl> [--scorer <name>] [--seed N] [--resamples N] [--json]', load: () => import('./analyze') },
  'run': { help: `run --cases <dir> --provider ${providers} [--base-url <url>] --model <name> [--framings layperson,physician] [--reps N] [--concurrency N] [--temperature T] [--max-tokens N] --out <file.jsonl>`, load: () => import('./run') },
  'score': { help: `score --cases <dir> --in <responses.jsonl> --out <scored.jsonl> [--judge ${providers} [--base-url <url>] --model <name> --protocol single|structured]`, load: () => import('./score') },
  'classify': { help: 'classify --in <file.jsonl> --out <file.jsonl>', load: () => import('./classify') },
};

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const name = Object.keys(commands).find((n) => {
    const words = n.split(' ');
    return words.every((w, i) => argv[i] === w);
  });
  if (!name) {
    io.err(`Unknown command "${argv.join(' ')}". Commands:`);
    for (const c of Object.values(commands)) io.err(`  npm run cli -- ${c.help}`);
    return 2;
  }
  const cmd = commands[name]!;
  const { default: run } = await cmd.load();
  return run(argv.slice(name.split(' ').length), io);
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('src/cli/main.ts');
if (isMain) {
  const io: CliIO = {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    tty: Boolean(process.stderr.isTTY),
  };
  runCli(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (e: unknown) => {
      io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
