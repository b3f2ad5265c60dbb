/**
 * `npm run cli -- <command> ...`: the Node entry over the same core as the page.
 * Each command lives in its own module and is loaded only when called.
 */
import { API_PROVIDER_KINDS } from '../core/domain';
import type { CliIO, Command } from './command';

export type { CliIO, Command } from './command';

const providers = `<${API_PROVIDER_KINDS.join('|')}>`;

interface CommandEntry {
  /** What the command is for, in one line of `--help`. */
  about: string;
  usage: string;
  load: () => Promise<{ default: Command }>;
}

const commands: Record<string, CommandEntry> = {
  'cases validate': { about: 'Check case files against the schema, and that case ids are unique.', usage: 'cases validate <paths...>', load: () => import('./casesValidate') },
  'cases import-iatrobench': {
    about: "Turn IatroBench's published data folder into case files.",
    usage: 'cases import-iatrobench <dir> --out <dir> [--colliding-map <file>] [--probes <file>]',
    load: () => import('./casesImportIatrobench'),
  },
  'analyze': { about: 'Decoupling gap and the other analyses from a file of scores.', usage: 'analyze --cases <dir> --scores <file.jsonl> [--scorer <name>] [--seed N] [--resamples N] [--json]', load: () => import('./analyze') },
  'run': { about: 'Ask a model every case in every framing; answers go to a JSONL file, and a rerun resumes. --batch sends them through the provider\'s batch engine (half price, within 24 hours); a rerun collects.', usage: `run --cases <dir> --provider ${providers} [--base-url <url>] --model <name> [--framings layperson,physician] [--reps N] [--concurrency N] [--temperature T] [--max-tokens N] [--shard i/n] [--price IN,OUT] [--batch [--poll-interval SECONDS] [--no-wait]] --out <file.jsonl>`, load: () => import('./run') },
  'merge': { about: 'Join the response files of a sharded run; refuses a cell stored twice with different content, and reports missing cells.', usage: 'merge <a.jsonl> <b.jsonl> ... --out <all.jsonl> [--cases <dir> [--framings layperson,physician] [--reps N]]', load: () => import('./merge') },
  'score': { about: 'Score stored answers with the local scorer, or with a judge model (--batch: through its provider\'s batch engine).', usage: `score --cases <dir> --in <responses.jsonl> --out <scored.jsonl> [--judge ${providers} [--base-url <url>] --model <name> --protocol single|structured [--batch [--poll-interval SECONDS] [--no-wait]]]`, load: () => import('./score') },
  'pack': {
    about: 'Write an evidence pack: cases, exact requests, raw responses, every score, SHA-256 hashes; --html also writes a self-contained viewer page.',
    usage: 'pack --cases <dir> --responses <responses.jsonl> [--scores <scores.jsonl> ...] --out <pack.json> [--html <page.html>] [--resamples N]',
    load: () => import('./pack'),
  },
  'verify': { about: "Check an evidence pack: recompute every hash, and rescore its responses with the local scorer to reproduce the packed local scores.", usage: 'verify <pack.json>', load: () => import('./verify') },
  'view': { about: 'Write the self-contained viewer page (opens from disk, no network) of an evidence pack.', usage: 'view <pack.json> --html <page.html> [--resamples N]', load: () => import('./view') },
  'export': {
    about: 'Export responses and their scores in the field\'s formats: an Inspect AI evaluation log, or a Hugging Face dataset (JSONL and a dataset card).',
    usage: 'export --format inspect|hf --responses <responses.jsonl> [--scores <scores.jsonl> ...] --out <file.json | folder> [--name <title>] [--license <id>]',
    load: () => import('./exportFormats'),
  },
  'classify': { about: 'Give each answer in a JSONL file its response class with the local scorer.', usage: 'classify --in <file.jsonl> --out <file.jsonl>', load: () => import('./classify') },
};

const HELP = new Set(['--help', '-h', 'help']);

function usage(out: (line: string) => void, only?: CommandEntry): void {
  if (only) {
    out(only.about);
    out(`usage: npm run cli -- ${only.usage}`);
    return;
  }
  out('usage: npm run cli -- <command> [options]');
  out('');
  for (const c of Object.values(commands)) out(`  ${c.usage}\n      ${c.about}`);
  out('');
  out('`npm run cli -- <command> --help` shows one command.');
  out('API keys come from the environment (IATROSCOPE_API_KEY, or OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY), never from the command line.');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const name = Object.keys(commands).find((n) => {
    const words = n.split(' ');
    return words.every((w, i) => argv[i] === w);
  });
  // `help`, `--help` and `-h` alone, or `help <command>`: usage on stdout, not an error.
  if (!name && (argv.length === 0 || HELP.has(argv[0]!))) {
    const rest = argv.slice(1).join(' ');
    const asked = rest ? commands[rest] : undefined;
    if (rest && !asked) {
      io.err(`Unknown command "${rest}".`);
      usage(io.err);
      return 2;
    }
    usage(argv.length === 0 ? io.err : io.out, asked);
    return argv.length === 0 ? 2 : 0;
  }
  if (!name && argv.some((a) => a === '--help' || a === '-h')) {
    usage(io.out);
    return 0;
  }
  if (!name) {
    io.err(`Unknown command "${argv.join(' ')}".`);
    usage(io.err);
    return 2;
  }
  const cmd = commands[name]!;
  const args = argv.slice(name.split(' ').length);
  if (args.some((a) => a === '--help' || a === '-h')) {
    usage(io.out, cmd);
    return 0;
  }
  const { default: run } = await cmd.load();
  return run(args, io);
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
