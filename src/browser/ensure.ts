/**
 * Setup step: make sure a browser can be found. Where none exists and this process may install packages
 * (root with apt-get, as on a fresh Debian CI machine), install Debian's chromium; otherwise name the fix.
 * Run as `node dist/src/browser/ensure.js` by scripts/setup.mjs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BrowserNotFoundError, findBrowser, INSTALL_HINT } from './find.js';

function canInstallWithApt(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

export function ensureBrowser(): number {
  try {
    findBrowser();
    return 0;
  } catch (error) {
    if (!(error instanceof BrowserNotFoundError)) throw error;
    if (error.reason === 'invalid') {
      process.stderr.write(`cookie-audit setup: ${error.message}\n`);
      return 1;
    }
  }
  if (!canInstallWithApt()) {
    process.stderr.write(`cookie-audit setup: no Chromium or Chrome found; ${INSTALL_HINT}\n`);
    return 1;
  }
  process.stderr.write('cookie-audit setup: no browser found; installing Debian\'s chromium with apt-get (one time)…\n');
  if (!run('apt-get', ['update', '-qq']) || !run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'])) {
    process.stderr.write(`cookie-audit setup: apt-get could not install chromium; ${INSTALL_HINT}\n`);
    return 1;
  }
  try {
    const found = findBrowser();
    process.stderr.write(`cookie-audit setup: using ${found.executablePath}\n`);
    return 0;
  } catch {
    process.stderr.write(`cookie-audit setup: chromium was installed but is not on PATH; ${INSTALL_HINT}\n`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = ensureBrowser();
