/**
 * A program run in a real pseudo-terminal, driven like a person at the keyboard: util-linux `script`
 * allocates the terminal (no native module needed, present on CI images), the test types keys and
 * waits for text to appear on the screen. Waits are on the program's output, never on the clock; a
 * generous bound only turns a hang into a failure that shows the screen.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { stripVTControlCharacters } from 'node:util';

export const keys = { enter: '\r', up: '\u001b[A', down: '\u001b[B' } as const;

export interface TerminalSession {
  /** Resolves once `text` has appeared on the screen (escape sequences removed) since the last wait. */
  waitFor(text: string): Promise<void>;
  type(input: string): void;
  /** Everything shown so far, escape sequences removed. */
  screen(): string;
  /** The program's exit code. */
  exited(): Promise<number | null>;
  kill(): void;
}

/** @example const session = startTerminalSession({ command: [process.execPath, '--import', 'tsx', 'scripts/setup.ts'], env }); */
export function startTerminalSession({
  command,
  env,
  columns = 120,
  rows = 40,
}: {
  command: string[];
  env: Record<string, string | undefined>;
  columns?: number;
  rows?: number;
}): TerminalSession {
  const shellCommand = `stty cols ${columns} rows ${rows}; exec ${command.map(quote).join(' ')}`;
  const child: ChildProcess = spawn(
    'script',
    ['--quiet', '--flush', '--return', '--command', shellCommand, '/dev/null'],
    {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  let shown = '';
  let waitedUpTo = 0;
  const listeners = new Set<() => void>();
  const receive = (chunk: Buffer) => {
    shown += chunk.toString('utf8');
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.on('data', receive);
  child.stderr?.on('data', receive);

  const screen = () => stripEscapes(shown);
  return {
    screen,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        let settled = false;
        const settle = (outcome: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(bound);
          listeners.delete(check);
          outcome();
        };
        const check = () => {
          const found = screen().indexOf(text, waitedUpTo);
          if (found === -1) return;
          waitedUpTo = found + text.length;
          settle(resolve);
        };
        const fail = (why: string) =>
          settle(() =>
            reject(new Error(`"${text}" ${why}; the screen ends with:\n${screen().slice(-2_000)}`)),
          );
        const bound = setTimeout(() => fail('never appeared'), 30_000);
        listeners.add(check);
        exit.then(() => {
          check();
          fail('did not appear before the program exited');
        });
        check();
      }),
    type: (input) => {
      child.stdin?.write(input);
    },
    exited: () => exit,
    kill: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** What the screen shows as text: escape sequences (colours, cursor moves) and carriage returns removed. */
function stripEscapes(text: string): string {
  return stripVTControlCharacters(text).replace(/\r/g, '');
}
