/**
 * Reading what valgrind's callgrind counted. A server runs under
 * `valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file=<dir>/callgrind.%p`, and each
 * `callgrind_control --dump` writes one file per thread: `callgrind.<pid>.<part>-<thread>`, thread 01
 * being the main thread (the event loop). https://valgrind.org/docs/manual/cl-manual.html
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The instructions one dump counted: its `totals:` line, or `summary:` as older valgrinds write it.
 *
 * @example readDumpTotal('events: Ir\nsummary: 607102538\n') // → 607102538
 */
export function readDumpTotal(text: string): number {
  const line = /^(?:totals|summary): (\d+)/m.exec(text);
  if (!line) throw new Error('not a callgrind dump: no totals line');
  return Number(line[1]);
}

/** The instructions the main thread of `pid` ran, summed over the dumps in `directory`. */
export async function readMainThreadInstructions({
  directory,
  pid,
}: {
  directory: string;
  pid: number;
}): Promise<number> {
  const dumps = (await readdir(directory)).filter((name) =>
    new RegExp(`^callgrind\\.${pid}\\.\\d+-01$`).test(name),
  );
  if (dumps.length === 0) throw new Error(`callgrind wrote no dump of process ${pid}'s main thread`);
  const texts = await Promise.all(dumps.map((name) => readFile(join(directory, name), 'utf8')));
  return texts.reduce((sum, text) => sum + readDumpTotal(text), 0);
}
