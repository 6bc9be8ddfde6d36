import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, getReporter, parseFormats, ReportFormatError } from '../../src/report/registry.js';

describe('report format registry', () => {
  it('knows console, json, junit, html, sarif and md', () => {
    expect(FORMAT_NAMES).toEqual(['console', 'json', 'junit', 'html', 'sarif', 'md']);
    expect(FORMAT_NAMES.map((name) => getReporter(name).name)).toEqual(FORMAT_NAMES);
  });

  it('parses a comma list in the order given, once each, ignoring spaces and case', () => {
    expect(parseFormats('junit, JSON ,console,json').map((r) => r.name)).toEqual(['junit', 'json', 'console']);
  });

  it('names every unknown format and lists the valid ones', () => {
    const valid = 'Valid formats: console, json, junit, html, sarif, md.';
    expect(() => parseFormats('console,xml,sariff')).toThrow(new ReportFormatError(`Unknown report formats "xml", "sariff". ${valid}`));
    expect(() => parseFormats('markdown')).toThrow(`Unknown report format "markdown". ${valid}`);
    expect(() => parseFormats(' , ')).toThrow(`No report format given. ${valid}`);
  });

  it('does not treat Object.prototype names as formats', () => {
    expect(() => parseFormats('constructor')).toThrow(ReportFormatError);
    expect(() => getReporter('__proto__')).toThrow(ReportFormatError);
  });

  it('file reporters name their file; console prints only', () => {
    expect(parseFormats('console,json,junit,html,sarif,md').map((r) => r.fileName)).toEqual([
      null,
      'report.json',
      'junit.xml',
      'report.html',
      'report.sarif',
      'report.md',
    ]);
  });
});
