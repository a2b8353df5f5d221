/**
 * Opens the consent page in the user's browser: `open` on macOS, the URL handler on Windows,
 * `xdg-open` on Linux when there is a display. Without one (an SSH session on a server) the wizard
 * signs in headless instead.
 */
import { spawn } from 'node:child_process';

export interface BrowserOpener {
  /** Whether a browser can be expected here at all. */
  readonly available: boolean;
  /** Resolves false when the opener could not be started. */
  open(url: string): Promise<boolean>;
}

/** @example const browser = createBrowserOpener({ platform: process.platform, environment: process.env }); */
export function createBrowserOpener({
  platform,
  environment,
}: {
  platform: NodeJS.Platform;
  environment: Record<string, string | undefined>;
}): BrowserOpener {
  const [command, prefix]: [string, string[]] =
    platform === 'darwin'
      ? ['open', []]
      : platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler']]
        : ['xdg-open', []];
  const available =
    platform === 'darwin' ||
    platform === 'win32' ||
    Boolean(environment.DISPLAY || environment.WAYLAND_DISPLAY);
  return {
    available,
    open: (url) =>
      new Promise((resolve) => {
        if (!available) return resolve(false);
        const child = spawn(command, [...prefix, url], { stdio: 'ignore', detached: true });
        child.once('error', () => resolve(false));
        child.once('spawn', () => {
          child.unref();
          resolve(true);
        });
      }),
  };
}
