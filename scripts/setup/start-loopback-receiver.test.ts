import { describe, expect, it } from 'vitest';
import { visit } from '../../test/fakes/fake-browser.js';
import { SetupError } from './setup-error.js';
import { startLoopbackReceiver } from './start-loopback-receiver.js';

describe('startLoopbackReceiver', () => {
  it('takes the first callback only, on 127.0.0.1, and answers other paths with 404', async () => {
    // Prepare
    const receiver = await startLoopbackReceiver({ port: 0, expectedState: 's1' });

    // Act
    const favicon = await visit(receiver.redirectUri.replace('/oauth2callback', '/favicon.ico'));
    const first = await visit(`${receiver.redirectUri}?state=s1&code=4/first`);
    const second = await visit(`${receiver.redirectUri}?state=s1&code=4/second`);
    const code = await receiver.code;
    await receiver.close();

    // Assess
    expect(receiver.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2callback$/);
    expect([favicon.status, first.status, second.status, code]).toStrictEqual([404, 200, 410, '4/first']);
    expect(first.text).toContain('Signed in. You can close this tab');
  });

  it('shows the browser why a callback was refused, escaped', async () => {
    // Prepare
    const receiver = await startLoopbackReceiver({ port: 0, expectedState: 's1' });

    // Act
    const page = await visit(`${receiver.redirectUri}?state=s1&error=%3Cb%3Ebad`);
    const error = await receiver.code.catch((caught: unknown) => caught);
    await receiver.close();

    // Assess
    expect(page.status).toStrictEqual(400);
    expect(page.text).toContain('Google refused the sign-in (unknown error)');
    expect(page.text).not.toContain('<b>');
    expect(error).toBeInstanceOf(SetupError);
  });
});
