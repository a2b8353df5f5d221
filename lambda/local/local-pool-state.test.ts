import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishLocalPoolEndpoint, readLocalPoolEndpoint } from './local-pool-state.js';

describe('the local pool endpoint', () => {
  let stateDir: string;

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'gateway-state-'));
  });

  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('is published owner-only while the gateway runs and withdrawn when it stops', async () => {
    // Act
    const withdraw = await publishLocalPoolEndpoint({ stateDir, endpoint: 'http://127.0.0.1:41234' });
    const published = await readLocalPoolEndpoint({ stateDir });
    const mode = (await stat(join(stateDir, 'gateway-endpoint.json'))).mode & 0o777;
    await withdraw();
    const withdrawn = await readLocalPoolEndpoint({ stateDir });

    // Assess
    expect([published, mode, withdrawn]).toStrictEqual(['http://127.0.0.1:41234', 0o600, undefined]);
  });

  it.each([
    ['not JSON', 'http://127.0.0.1:1'],
    ['another host', '{"endpoint":"http://example.com:80"}'],
    ['no endpoint', '{}'],
  ])('ignores a file with %s', async (_, text) => {
    // Prepare
    await writeFile(join(stateDir, 'gateway-endpoint.json'), text);

    // Act
    const endpoint = await readLocalPoolEndpoint({ stateDir });

    // Assess
    expect(endpoint).toStrictEqual(undefined);
    expect(await readFile(join(stateDir, 'gateway-endpoint.json'), 'utf8')).toStrictEqual(text);
  });
});
