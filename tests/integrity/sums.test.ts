/** SHA256SUMS as sha256sum writes and reads it, and the folder check `verify` rests on. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../src/atomic-file.js';
import { checkFolder, formatSums, parseSums, writeSums } from '../../src/integrity/sums.js';

const HEX = 'a'.repeat(64);

describe('SHA256SUMS', () => {
  it('is the sha256sum text format, sorted by path, and reads back', () => {
    const text = formatSums([{ path: 'report.json', sha256: HEX }, { path: 'evidence/a.har', sha256: 'b'.repeat(64) }]);
    expect(text).toBe(`${'b'.repeat(64)}  evidence/a.har\n${HEX}  report.json\n`);
    expect(parseSums(text)).toEqual([{ path: 'evidence/a.har', sha256: 'b'.repeat(64) }, { path: 'report.json', sha256: HEX }]);
  });

  it('escapes a backslash or line break in a file name as GNU sha256sum does', () => {
    const text = formatSums([{ path: 'odd\\name\nx', sha256: HEX }]);
    expect(text).toBe(`\\${HEX}  odd\\\\name\\nx\n`);
    expect(parseSums(text)).toEqual([{ path: 'odd\\name\nx', sha256: HEX }]);
  });

  it('names the line that is not a checksum line', () => {
    expect(() => parseSums(`${HEX}  ok\nnot a sum\n`)).toThrow(/line 2/);
  });

  it('covers exactly the files this process wrote into the folder, and `sha256sum -c` agrees with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-sums-'));
    writeFileSync(join(dir, 'left-over.txt'), 'from an earlier run');
    mkdirSync(join(dir, 'evidence'));
    await writeFileAtomically(join(dir, 'report.json'), '{}\n');
    await writeFileAtomically(join(dir, 'evidence', 'shop-pre.har'), '{"log":{}}\n');
    await writeSums(dir);
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
    expect(parseSums(sums).map((e) => e.path)).toEqual(['evidence/shop-pre.har', 'report.json']);
    const checked = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(checked).toContain('report.json: OK');

    const entries = parseSums(sums);
    expect(await checkFolder(dir, entries)).toEqual({ intact: ['evidence/shop-pre.har', 'report.json'], changed: [], missing: [], added: ['left-over.txt'] });
    writeFileSync(join(dir, 'report.json'), '{ }\n');
    expect((await checkFolder(dir, entries)).changed).toEqual(['report.json']);
  });
});
