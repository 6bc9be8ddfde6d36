/** Bad input: one line naming the input and the fix, the documented exit code, no stack trace. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifest, runCli, tempOut } from './harness.js';

function expectOneLine(stderr: string, ...parts: string[]) {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  for (const part of parts) expect(lines[0]).toContain(part);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('bad input to cookie-audit', () => {
  it('an invalid manifest gives every error as file:line: path: message and exit 2 (validate)', async () => {
    const file = manifest('invalid/many-errors.yml');
    const run = await runCli(['validate', file]);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toContain('12 problems');
    expect(lines).toContain(`${file}:10: categories/marketing: must be one of allowed, forbidden (got "banned")`);
    expect(lines).toContain(
      `${file}:17: cookies/1/expires: must be "session" or a number with a unit, e.g. "30m", "24h", "90 days", "13 months", "1y" (got "2 fortnights")`,
    );
    expect(lines.filter((l) => l.startsWith(`${file}:`))).toHaveLength(12);
  });

  it('scan refuses an invalid manifest before starting a browser, exit 2', async () => {
    const file = manifest('invalid/unknown-category.yml');
    const run = await runCli(['scan', 'https://example.test/', '--policy', file, '--out', tempOut()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: cookies/\\d+/category: `));
  });

  it('a valid manifest validates with exit 0', async () => {
    const run = await runCli(['validate', manifest('demo-shop.yaml')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/demo-shop\.yaml: valid \(\d+ cookie/);
  });

  const scan = (...args: string[]) => ['scan', ...args, '--out', tempOut()];
  const emptyUrlList = join(tempOut(), 'urls.txt');
  writeFileSync(emptyUrlList, '# the client list, all commented out\n# https://shop.test/\n\n');
  const invalid = (name: string) => manifest(`invalid/${name}`);
  it.each([
    [scan('--urls', emptyUrlList), `--urls ${emptyUrlList}: no URL in the file; write one start URL per line`],
    [scan('https://example.test/', '--policy', '/nonexistent/policy.yaml'), '/nonexistent/policy.yaml'],
    [scan('https://example.test/', '--policy', invalid('empty.yml')), `${invalid('empty.yml')}: the manifest is empty`],
    [scan('https://example.test/', '--policy', invalid('syntax-error.yml')), `${invalid('syntax-error.yml')}:5: syntax error`],
    [scan('https://example.test/', '--policy', invalid('bad-duration.yml')), `${invalid('bad-duration.yml')}:`],
    // Contradictory flags: each pair names both and which one to drop.
    [scan('https://example.test/', '--policy', manifest('demo-shop.yaml'), '--policy-url', 'https://example.test/cookies'), '--policy and --policy-url both given'],
    [scan('https://example.test/', '--connect', 'ws://127.0.0.1:9/', '--resolve', 'example.test=127.0.0.1'), '--resolve cannot reach a remote browser'],
    [scan('https://example.test/', '--connect', 'ws://127.0.0.1:9/', '--browser', '/usr/bin/chromium'), '--browser and --connect both given'],
  ])('%j exits 2 with one line naming the input', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [scan('not a url'), 'URL "not a url" is not a valid URL'],
    [scan('ftp://example.test/'), 'unsupported scheme ftp:'],
    [scan('https://example.test/', '--resolve', 'example.test'), '--resolve "example.test": expected host=ip'],
    [scan('https://example.test/', '--phases', 'pre,later'), '--phases: unknown phase "later"'],
    [scan('https://example.test/', '--format', 'json,pdf'), '--format: '],
    [scan('https://example.test/', '--timeout', 'soon'), '--timeout "soon"'],
    [scan('https://example.test/', '--consent-wait', '-1'), '--consent-wait "-1": give milliseconds as a whole number from 0 to 60000'],
    [scan('https://example.test/', '--stall-timeout', '10'), '--stall-timeout "10": give milliseconds as a whole number ≥ 1000'],
    [scan('https://example.test/', '--browser', '/nonexistent/chrome'), '--browser /nonexistent/chrome: not an executable file'],
    [['validate', '/nonexistent/policy.yaml'], '/nonexistent/policy.yaml'],
  ])('%j exits 2 with one clear line', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expectOneLine(run.stderr, message);
  });

  it('an unwritable --out exits 2 before scanning', async () => {
    // A folder below a regular file can never be created, whoever runs the test (root included).
    const file = join(tempOut(), 'a-file');
    writeFileSync(file, '');
    const run = await runCli(['scan', 'https://example.test/', '--out', join(file, 'reports')]);
    expect(run.code).toBe(2);
    expectOneLine(run.stderr, `--out ${join(file, 'reports')}: cannot write there (ENOTDIR)`);
  });

  it('no browser anywhere: exit 3 and one line naming the fix', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'cookie-audit-nobrowser-'));
    const run = await runCli(['scan', 'https://example.test/', '--out', tempOut()], {
      PATH: emptyDir,
      COOKIE_AUDIT_BROWSER: '',
      PLAYWRIGHT_BROWSERS_PATH: emptyDir,
    });
    expect(run.code).toBe(3);
    expectOneLine(run.stderr, 'No Chromium or Chrome found', 'npx playwright install chromium', 'apt-get install chromium');
  });
});
