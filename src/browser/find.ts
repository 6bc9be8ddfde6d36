/**
 * Finding a Chromium to drive. Order: --browser / COOKIE_AUDIT_BROWSER, Playwright's managed Chromium,
 * then a system Chromium/Chrome on PATH. Never downloads anything.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

export type BrowserSource = 'flag' | 'env' | 'playwright' | 'system';

export interface FoundBrowser {
  executablePath: string;
  source: BrowserSource;
}

/** Names of system browsers, in order of preference. */
const SYSTEM_BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

export class BrowserNotFoundError extends Error {
  /** 'invalid': the user named a path that is not an executable (bad usage); 'missing': nothing found. */
  constructor(message: string, readonly reason: 'invalid' | 'missing') {
    super(message);
    this.name = 'BrowserNotFoundError';
  }
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathVariable: string): string | undefined {
  for (const dir of pathVariable.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function playwrightManaged(): string | undefined {
  try {
    const path = chromium.executablePath();
    return path && isExecutableFile(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export const INSTALL_HINT =
  'install one with `npx playwright install chromium`, or your system package (Debian/Ubuntu: `apt-get install chromium`), or pass --browser <path> / set COOKIE_AUDIT_BROWSER';

export function findBrowser(options: { explicit?: string | undefined; env?: NodeJS.ProcessEnv } = {}): FoundBrowser {
  const env = options.env ?? process.env;
  if (options.explicit !== undefined) {
    if (!isExecutableFile(options.explicit)) {
      throw new BrowserNotFoundError(
        `--browser ${options.explicit}: not an executable file; pass the path of a Chromium or Chrome binary (e.g. /usr/bin/chromium)`,
        'invalid',
      );
    }
    return { executablePath: options.explicit, source: 'flag' };
  }
  const fromEnv = env['COOKIE_AUDIT_BROWSER'];
  if (fromEnv) {
    if (!isExecutableFile(fromEnv)) {
      throw new BrowserNotFoundError(
        `COOKIE_AUDIT_BROWSER=${fromEnv}: not an executable file; set it to the path of a Chromium or Chrome binary, or unset it`,
        'invalid',
      );
    }
    return { executablePath: fromEnv, source: 'env' };
  }
  const managed = playwrightManaged();
  if (managed) return { executablePath: managed, source: 'playwright' };
  for (const name of SYSTEM_BROWSERS) {
    const path = onPath(name, env['PATH'] ?? '');
    if (path) return { executablePath: path, source: 'system' };
  }
  throw new BrowserNotFoundError(`No Chromium or Chrome found: ${INSTALL_HINT}`, 'missing');
}
