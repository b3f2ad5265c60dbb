import { describe, expect, it } from 'vitest';
import { runCli, type CliIO } from './main';

function capture(): CliIO & { outText: () => string; errText: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l) => out.push(l), err: (l) => err.push(l), tty: false, outText: () => out.join('\n'), errText: () => err.join('\n') };
}

describe('cli help', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints every command on stdout and exits 0', async (flag) => {
    const io = capture();
    expect(await runCli([flag], io)).toBe(0);
    expect(io.errText()).toBe('');
    for (const name of ['cases validate <paths...>', 'cases import-iatrobench <dir>', 'analyze --cases', 'run --cases', 'score --cases', 'classify --in']) {
      expect(io.outText()).toContain(name);
    }
    expect(io.outText()).toContain('API keys come from the environment');
  });

  it.each([[['run', '--help']], [['run', '-h']], [['help', 'run']], [['cases', 'validate', '--help']]])('%j prints that command alone without running it', async (argv) => {
    const io = capture();
    expect(await runCli(argv, io)).toBe(0);
    const name = argv.filter((a) => !a.startsWith('-') && a !== 'help').join(' ');
    const [about, usage, ...more] = io.outText().split('\n');
    expect(about).toMatch(/^[A-Z].+\.$/);
    expect(usage!.startsWith(`usage: npm run cli -- ${name} `)).toBe(true);
    expect(more).toEqual([]);
    expect(io.outText()).not.toContain('classify');
  });

  it('an unknown command is an error that still lists the commands', async () => {
    const io = capture();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.errText()).toMatch(/^Unknown command "frobnicate"\.\nusage: npm run cli -- <command> \[options\]/);
    expect(io.outText()).toBe('');
  });

  it('no command at all prints the usage as an error', async () => {
    const io = capture();
    expect(await runCli([], io)).toBe(2);
    expect(io.errText()).toContain('usage: npm run cli -- <command>');
  });
});
