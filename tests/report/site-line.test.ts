/**
 * sites.ndjson, the fleet's stream: each line is a site of report.json plus its findings (its schema,
 * rules/site-line.schema.json, is validated here), a half-written last line is found and cut off, and the
 * report.json written site by site from the lines is byte for byte the one the JSON reporter renders.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonReporter } from '../../src/report/json.js';
import { scanSiteLines, SiteLineWriter, siteLineText, siteOfLine, withSiteEntries, type LineRef } from '../../src/report/sites-file.js';
import { reportSchemaPath, siteLineSchemaPath, validateSiteLine } from '../../src/report/validate.js';
import { writeReportsOfSites } from '../../src/report/write.js';
import { evidence, fullFindings, fullSite, report, site } from './factory.js';

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { properties: Record<string, unknown>; required: string[]; definitions: Record<string, { properties: Record<string, unknown>; required: string[] }> };
const dir = () => mkdtempSync(join(tmpdir(), 'cookie-audit-lines-'));

describe('the sites.ndjson line schema', () => {
  it('is a site of report.json plus its findings: the same properties, the same required ones', () => {
    const line = json(siteLineSchemaPath());
    const siteReport = json(reportSchemaPath()).definitions['siteReport']!;
    expect(Object.keys(line.properties).sort()).toEqual([...Object.keys(siteReport.properties), 'findings'].sort());
    expect([...line.required].sort()).toEqual([...siteReport.required, 'findings'].sort());
  });

  it('accepts a line as written, and names what is wrong with one that is not', () => {
    const text = siteLineText(fullSite(), fullFindings());
    expect(text.endsWith('\n') && !text.slice(0, -1).includes('\n')).toBe(true);
    expect(validateSiteLine(JSON.parse(text))).toEqual([]);
    const { findings: _f, ...withoutFindings } = JSON.parse(text) as Record<string, unknown>;
    expect(validateSiteLine(withoutFindings)).toEqual(['(report): missing property "findings"']);
  });
});

describe('reading sites.ndjson back', () => {
  it('finds every complete line, and where a half-written last one begins', async () => {
    const file = join(dir(), 'sites.ndjson');
    const a = siteLineText(site({ evidence: evidence({ url: 'https://a.test/' }) }), []);
    const b = siteLineText(site({ evidence: evidence({ url: 'https://b.test/' }) }), fullFindings());
    writeFileSync(file, a + b + b.slice(0, 40));
    const seen: string[] = [];
    const scanned = await scanSiteLines(file, ({ line }) => seen.push(line.evidence.url));
    expect(seen).toEqual(['https://a.test/', 'https://b.test/']);
    expect(scanned.validBytes).toBe(Buffer.byteLength(a + b));

    // Appending again cuts the half line off first.
    const writer = await SiteLineWriter.open(file, scanned.validBytes);
    await writer.append(a);
    await writer.close();
    expect(readFileSync(file, 'utf8')).toBe(a + b + a);
  });

  it('a missing file is an empty run', async () => {
    expect(await scanSiteLines(join(dir(), 'sites.ndjson'), () => undefined)).toEqual({ validBytes: 0, lines: 0 });
  });
});

describe('report.json written site by site', () => {
  it('is byte for byte what the JSON reporter renders of the whole report', async () => {
    const sites = [fullSite(), site({ evidence: evidence({ url: 'https://other.test/' }) })];
    const whole = report({ sites, findings: fullFindings(), includeValues: true });
    const out = dir();
    const file = join(out, 'sites.ndjson');
    const refs: LineRef[] = [];
    const writer = await SiteLineWriter.open(file, 0);
    for (const s of whole.sites) refs.push(await writer.append(siteLineText(s, [])));
    await writer.close();
    const frame = { ...whole, sites: [] };
    await withSiteEntries(refs.map((ref) => ({ file, ref })), (read) =>
      writeReportsOfSites(frame, { count: refs.length, read }, out, [jsonReporter], { color: false, stdout: process.stdout }),
    );
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe(jsonReporter.render(whole, { color: false }));
    // No site: the empty list as JSON.stringify writes it.
    const empty = report({ sites: [] });
    await writeReportsOfSites(empty, { count: 0, read: () => Promise.reject(new Error('no site')) }, out, [jsonReporter], { color: false, stdout: process.stdout });
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe(jsonReporter.render(empty, { color: false }));
  });

  it('a line read back is the site as report.json holds it', () => {
    const s = fullSite();
    expect(siteOfLine(JSON.parse(siteLineText(s, fullFindings())))).toEqual(JSON.parse(JSON.stringify(s)));
  });
});
