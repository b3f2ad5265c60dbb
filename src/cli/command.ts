/**
 * What a CLI command is, apart from main.ts: main loads each command module, so a command that
 * imported these types from main would close an import loop.
 */
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** True when stderr is a terminal, for progress lines. */
  tty: boolean;
}

export type Command = (args: string[], io: CliIO) => Promise<number>;
