/**
 * Engine cost of the real CLI (issue #17 item 7): `npm run cli -- run ...` as a child
 * process at the published study's size, 3,600 calls (180 cases x 2 framings x 10 repetitions) at
 * concurrency 16, against the provider test server in a process of its own so that its CPU is not
 * counted. The figure is the CPU time (user + system) of the whole CLI process tree as
 * /usr/bin/time reports it: npm, node with the tsx loader and the run, startup included.
 *
 * Also printed: the steady-state cost per call, (CPU of 3,600 calls - CPU of 360 calls) / 3,240,
 * which leaves startup out, and the same 3,600-call run through `npx tsx`.
 * The host is shared, so each figure is the best of several runs.
 *
 * Target: under 1.5 ms of CPU per call for the whole process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CASES = 180;
const REPS = 10;
const CONCURRENCY = 16;
const TOTAL = CASES * 2 * REPS;
const TRIES = 3;
const TARGET_MS = 1.5;

async function writeCases(dir: string) {
  const template = JSON.parse(await readFile(join(ROOT, 'scenarios/benzodiazepine-supply-gap.json'), 'utf8')) as {
    framings: Record<string, { prompt: string }>;
  };
  for (let i = 0; i < CASES; i++) {
    const id = `bench-${String(i).padStart(3, '0')}`;
    const framings = Object.fromEntries(Object.entries(template.framings).map(([k, f]) => [k, { ...f, prompt: `${f.prompt} (${id})` }]));
    await writeFile(join(dir, `${id}.json`), JSON.stringify({ ...template, id, framings }));
  }
}

/** The provider test server in its own process; resolves with its URL and a stop function. */
async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/providerServer/main.ts'), '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the provider test server exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** CPU ms (user + system) of the command and every process it started and waited for, from /usr/bin/time. */
function cpuMsOf(command: string[], timeFile: string): number {
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', ...command], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command.join(' ')} exited with ${r.status ?? r.signal}:\n${r.stderr}`);
  const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return (user! + sys!) * 1000;
}

async function main() {
  if (!existsSync('/usr/bin/time')) throw new Error('this benchmark reads CPU time from /usr/bin/time, which is not installed');
  const dir = await mkdtemp(join(tmpdir(), 'iatroscope-cli-bench-'));
  const server = await startServer();
  try {
    const casesDir = join(dir, 'cases');
    await mkdir(casesDir);
    await writeCases(casesDir);
    const timeFile = join(dir, 'time.txt');
    const args = (reps: number, out: string) => [
      'run', '--cases', casesDir, '--provider', 'openai-compatible', '--base-url', `${server.url}/v1`, '--model', 'test-model',
      '--reps', String(reps), '--concurrency', String(CONCURRENCY), '--out', out,
    ];
    /** Best CPU ms of TRIES fresh runs (a new output file each time). */
    const best = async (launcher: string[], reps: number): Promise<number> => {
      let min = Infinity;
      for (let t = 0; t < TRIES; t++) {
        const out = join(dir, `out-${reps}-${t}.jsonl`);
        const ms = cpuMsOf([...launcher, ...args(reps, out)], timeFile);
        const lines = (await readFile(out, 'utf8')).trim().split('\n').length;
        if (lines !== CASES * 2 * reps) throw new Error(`${out}: ${lines} lines, expected ${CASES * 2 * reps}`);
        min = Math.min(min, ms);
        await rm(out);
      }
      return min;
    };
    // What the README tells users to type; `npm run cli` is `node --import tsx src/cli/main.ts`,
    // which spares the tsx CLI's own child process (about 0.8 s of startup CPU).
    const cli = ['npm', 'run', '--silent', 'cli', '--'];
    console.log(`${TOTAL} calls (${CASES} cases x 2 framings x ${REPS} reps), concurrency ${CONCURRENCY}, Node ${process.version}; best of ${TRIES}, CPU = user + system`);
    const whole = await best(cli, REPS);
    const small = await best(cli, 1);
    const steady = (whole - small) / (TOTAL - CASES * 2);
    console.log(`npm run cli -- run: ${(whole / 1000).toFixed(2)} s CPU for ${TOTAL} calls, ${(whole / TOTAL).toFixed(3)} ms per call (npm's and tsx's startup included)`);
    console.log(`  ${CASES * 2} calls: ${(small / 1000).toFixed(2)} s CPU; steady state ${steady.toFixed(3)} ms per call, startup about ${((small - steady * CASES * 2) / 1000).toFixed(2)} s`);
    console.log(`  target < ${TARGET_MS} ms per call, whole process: ${whole / TOTAL < TARGET_MS ? 'met' : 'MISSED'}`);
    const viaNpx = await best(['npx', 'tsx', 'src/cli/main.ts'], REPS);
    console.log(`npx tsx src/cli/main.ts run: ${(viaNpx / 1000).toFixed(2)} s CPU, ${(viaNpx / TOTAL).toFixed(3)} ms per call (the tsx CLI starts a second node)`);
  } finally {
    server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
