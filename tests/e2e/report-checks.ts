/**
 * Checks for the reports written for people and code scanning, run on every e2e scan that wrote them
 * (see harness.ts readReports): report.sarif valid against the SARIF 2.1.0 schema with one result per
 * finding; report.html self-contained, its data the report's; report.md tables whose every row has as
 * many cells as its header, whatever the site put in its cookie names.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AuditReport } from '../../src/report/types.js';
import { validateSarif } from '../report/sarif-schema.js';

/** The model JSON inlined in report.html. */
export function htmlData(html: string): { findings: unknown[]; sites: unknown[] } {
  const start = '<script type="application/json" id="cookie-audit-data">';
  const from = html.indexOf(start);
  expect(from, 'report.html has its data element').toBeGreaterThan(0);
  const json = html.slice(from + start.length, html.indexOf('</script>', from));
  // Nothing inside the data may look like markup to the HTML parser.
  expect(json).not.toContain('<');
  return JSON.parse(json) as { findings: unknown[]; sites: unknown[] };
}

/** Cells of a Markdown table row: split on pipes that are not backslash-escaped. */
export function markdownCells(row: string): string[] {
  return row.trim().replace(/^\||\|$/g, '').split(/(?<!\\)\|/);
}

export function checkPeopleReports(out: string, report: AuditReport): void {
  const sarifFile = join(out, 'report.sarif');
  if (existsSync(sarifFile)) {
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { results: unknown[] }[] };
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs[0]?.results).toHaveLength(report.findings.length);
  }
  const htmlFile = join(out, 'report.html');
  if (existsSync(htmlFile)) {
    const html = readFileSync(htmlFile, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Self-contained: no element in the markup loads anything; the page builds everything from its data.
    const markup = html.replace(/<script type="application\/json" id="cookie-audit-data">[^]*?<\/script>/, '');
    expect(markup).not.toMatch(/<(?:img|link|iframe|object|embed)\b|\s(?:src|href)=/i);
    expect(htmlData(html).findings).toHaveLength(report.findings.length);
  }
  const mdFile = join(out, 'report.md');
  if (existsSync(mdFile)) {
    const md = readFileSync(mdFile, 'utf8');
    expect(md.startsWith('### cookie-audit: ')).toBe(true);
    let width = 0;
    for (const line of md.split('\n')) {
      if (!line.startsWith('|')) {
        width = 0;
        continue;
      }
      const cells = markdownCells(line).length;
      if (width === 0) width = cells;
      expect(cells, `table row keeps its columns: ${line}`).toBe(width);
    }
  }
}
