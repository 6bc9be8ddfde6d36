import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonReporter } from '../../src/report/json.js';
import { parseFormats } from '../../src/report/registry.js';
import type { Reporter } from '../../src/report/types.js';
import { ReportWriteError, writeReports } from '../../src/report/write.js';
import { fullFindings, fullSite, report } from './factory.js';

/** A stdout stand-in that keeps what was printed. */
function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('writeReports', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'cookie-audit-report-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const built = report({ sites: [fullSite()], findings: fullFindings() });

  it('creates the out dir, writes file formats, prints the console format, and leaves no temporary files', async () => {
    const outDir = path.join(root, 'nested', 'reports');
    const stdout = capture();
    const written = await writeReports(built, outDir, parseFormats('console,json,junit'), { color: false, stdout: stdout.stream });

    expect(written).toEqual([path.join(outDir, 'report.json'), path.join(outDir, 'junit.xml')]);
    expect((await readdir(outDir)).sort()).toEqual(['junit.xml', 'report.json']);
    expect(await readFile(path.join(outDir, 'report.json'), 'utf8')).toBe(jsonReporter.render(built, { color: false }));
    // The full site has a page that failed to load and a failed, timed-out gpc phase: the audit is incomplete (exit 3).
    expect(stdout.text()).toMatch(/✖ audit incomplete \(3 pages or phases not audited, listed above\); 1 error, 2 warnings, 1 info across 1 site \(3 phases\)\n$/);
    expect(stdout.text()).not.toMatch(/\u001b/);
  });

  it('a file that cannot be written is named with why, the others are still written, and no temporary file is left', async () => {
    // report.json taken by a folder: its write fails (EISDIR), as a full disk would fail it.
    await mkdir(path.join(root, 'report.json'));
    await writeFile(path.join(root, 'junit.xml'), 'old');
    const error = await writeReports(built, root, parseFormats('json,junit'), { color: false, stdout: capture().stream }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportWriteError);
    const failure = error as ReportWriteError;
    expect(failure.failed).toEqual([{ file: path.join(root, 'report.json'), reason: 'EISDIR' }]);
    expect(failure.written).toEqual([path.join(root, 'junit.xml')]);
    expect(failure.message).toBe(`could not write ${path.join(root, 'report.json')}: EISDIR`);
    expect(await readFile(path.join(root, 'junit.xml'), 'utf8')).not.toBe('old');
    expect((await readdir(root)).sort()).toEqual(['junit.xml', 'report.json']);
  });

  it('replaces an existing report file', async () => {
    await writeFile(path.join(root, 'report.json'), 'old');
    await writeReports(built, root, parseFormats('json'), { color: false, stdout: capture().stream });
    expect(await readFile(path.join(root, 'report.json'), 'utf8')).toBe(jsonReporter.render(built, { color: false }));
    expect(await readdir(root)).toEqual(['report.json']);
  });

  it('does not create the out dir when only the console format is chosen', async () => {
    const outDir = path.join(root, 'unused');
    const stdout = capture();
    expect(await writeReports(built, outDir, parseFormats('console'), { color: true, stdout: stdout.stream })).toEqual([]);
    expect(await readdir(root)).toEqual([]);
    expect(stdout.text()).toMatch(/\u001b\[/);
  });

  it('writes nothing when a reporter throws', async () => {
    const broken: Reporter = { name: 'broken', fileName: 'broken.txt', render: () => { throw new Error('boom'); } };
    await expect(
      writeReports(built, root, [jsonReporter, broken], { color: false, stdout: capture().stream }),
    ).rejects.toThrow('boom');
    expect(await readdir(root)).toEqual([]);
  });

  it('removes its temporary file when the rename fails', async () => {
    // A directory where the report should go makes rename() fail after the temporary file was written.
    await writeFile(path.join(root, 'keep.txt'), '');
    await mkdir(path.join(root, 'report.json', 'inner'), { recursive: true });
    await expect(
      writeReports(built, root, [jsonReporter], { color: false, stdout: capture().stream }),
    ).rejects.toThrow();
    expect((await readdir(root)).sort()).toEqual(['keep.txt', 'report.json']);
  });
});
