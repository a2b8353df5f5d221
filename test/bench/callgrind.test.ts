import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDumpTotal, readMainThreadInstructions } from './callgrind.js';

const dump = (total: number) =>
  `# callgrind format\nversion: 1\npart: 1\nthread: 1\nevents: Ir\nsummary: ${total}\n`;

describe('readDumpTotal', () => {
  it('reads the totals line, as valgrind writes it now or as older ones wrote it', () => {
    // Prepare
    const current = 'events: Ir\nfn=(1) main\n0 5\ntotals: 1234\n';

    // Act
    const totals = [readDumpTotal(current), readDumpTotal(dump(607102538))];

    // Assess
    expect(totals).toStrictEqual([1234, 607102538]);
  });

  it('refuses a file that is not a callgrind dump', () => {
    // Prepare
    const text = 'hello\n';

    // Act
    const read = () => readDumpTotal(text);

    // Assess
    expect(read).toThrow('not a callgrind dump');
  });
});

describe('readMainThreadInstructions', () => {
  let directory = '';
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("sums the main thread's dumps of that process only", async () => {
    // Prepare
    directory = await mkdtemp(join(tmpdir(), 'callgrind-'));
    await writeFile(join(directory, 'callgrind.42.1-01'), dump(1000));
    await writeFile(join(directory, 'callgrind.42.2-01'), dump(500));
    await writeFile(join(directory, 'callgrind.42.1-02'), dump(7));
    await writeFile(join(directory, 'callgrind.421.1-01'), dump(9));

    // Act
    const instructions = await readMainThreadInstructions({ directory, pid: 42 });

    // Assess
    expect(instructions).toBe(1500);
  });

  it('says so when the process left no dump', async () => {
    // Prepare
    directory = await mkdtemp(join(tmpdir(), 'callgrind-'));

    // Act
    const read = readMainThreadInstructions({ directory, pid: 42 });

    // Assess
    await expect(read).rejects.toThrow("callgrind wrote no dump of process 42's main thread");
  });
});
