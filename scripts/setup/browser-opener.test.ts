import { describe, expect, it } from 'vitest';
import { createBrowserOpener } from './browser-opener.js';

describe('createBrowserOpener', () => {
  it.each([
    ['darwin', {}, true],
    ['win32', {}, true],
    ['linux', { DISPLAY: ':0' }, true],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }, true],
    ['linux', { SSH_CONNECTION: '10.0.0.1 1 10.0.0.2 22' }, false],
  ] as const)('on %s with %j expects a browser: %s', (platform, environment, available) => {
    // Act
    const browser = createBrowserOpener({ platform, environment });

    // Assess
    expect(browser.available).toStrictEqual(available);
  });

  it('opens nothing where there is no display', async () => {
    // Prepare
    const browser = createBrowserOpener({ platform: 'linux', environment: {} });

    // Act
    const opened = await browser.open('http://127.0.0.1:1/');

    // Assess
    expect(opened).toStrictEqual(false);
  });
});
