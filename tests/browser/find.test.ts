import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/browser/find.js';

function fakeBrowser(dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe('browser discovery', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-find-'));
  const chrome = fakeBrowser(dir, 'google-chrome');

  it('prefers --browser over everything', () => {
    expect(findBrowser({ explicit: chrome, env: { COOKIE_AUDIT_BROWSER: '/nope', PATH: '' } })).toEqual({ executablePath: chrome, source: 'flag' });
  });
  it('uses COOKIE_AUDIT_BROWSER next', () => {
    expect(findBrowser({ env: { COOKIE_AUDIT_BROWSER: chrome, PATH: '' } })).toEqual({ executablePath: chrome, source: 'env' });
  });
  it('rejects a --browser path that is not an executable, naming it', () => {
    const notExecutable = join(dir, 'readme.txt');
    writeFileSync(notExecutable, 'x');
    expect(() => findBrowser({ explicit: notExecutable })).toThrow(`--browser ${notExecutable}: not an executable file`);
    expect(() => findBrowser({ explicit: dir })).toThrow('not an executable file');
  });
  it('finds a system browser on PATH when nothing else is set', () => {
    const found = findBrowser({ env: { PATH: dir } });
    // Playwright's managed Chromium, when installed, legitimately comes first.
    expect(['system', 'playwright']).toContain(found.source);
    if (found.source === 'system') expect(found.executablePath).toBe(chrome);
  });
});
