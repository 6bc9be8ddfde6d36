import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/audit/types.js';
import { PHASES } from '../../src/evidence/types.js';
import { CATEGORIES } from '../../src/policy/types.js';
import { jsonReporter } from '../../src/report/json.js';
import { REPORT_SCHEMA_VERSION } from '../../src/report/types.js';
import { reportSchemaPath, validateReport } from '../../src/report/validate.js';
import { evidence, fullFindings, fullSite, report, site } from './factory.js';
import { SCHEMA_FIELDS } from './schema-fields.js';

const schema = JSON.parse(readFileSync(reportSchemaPath(), 'utf8')) as Record<string, unknown>;

function at(pointer: string): Record<string, unknown> {
  let node: unknown = schema;
  for (const part of pointer.split('/').slice(1)) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'object' || node === null) throw new Error(`nothing at ${pointer}`);
  return node as Record<string, unknown>;
}

/** Every object schema that lists properties, by JSON pointer. */
function objectSchemas(node: unknown, pointer = ''): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const here = 'properties' in node ? [pointer] : [];
  return [
    ...here,
    ...Object.entries(node).flatMap(([key, child]) => objectSchemas(child, `${pointer}/${key}`)),
  ];
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('report schema agrees with the TypeScript types', () => {
  it('the field tables type-check against the types (tsc -p tests/report)', async () => {
    const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
    const project = fileURLToPath(new URL('./tsconfig.json', import.meta.url));
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', project]).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
    );
    expect(result.stdout).toBe('');
  });

  it.each(Object.entries(SCHEMA_FIELDS))('%s has exactly the type’s properties, required as in the type', (pointer, fields) => {
    const node = at(pointer);
    expect(Object.keys(node['properties'] as object).sort()).toEqual(Object.keys(fields).sort());
    const required = Object.entries(fields).filter(([, presence]) => presence === 'required').map(([name]) => name);
    expect([...((node['required'] as string[] | undefined) ?? [])].sort()).toEqual(required.sort());
    expect(node['additionalProperties']).toBe(false);
  });

  it('every object in the schema has a field table', () => {
    expect(objectSchemas(schema).filter((pointer) => !pointer.startsWith('/definitions/finding/properties/evidence')).sort()).toEqual(
      Object.keys(SCHEMA_FIELDS).sort(),
    );
  });

  it('enums match the constants in the code', () => {
    expect(at('/definitions/phase')['enum']).toEqual(PHASES);
    expect(at('/definitions/severity')['enum']).toEqual(SEVERITIES);
    expect(at('/definitions/failOn')['enum']).toEqual([...SEVERITIES, 'never']);
    expect(at('/definitions/category')['enum']).toEqual(CATEGORIES);
    expect(at('/properties/schemaVersion')['const']).toBe(REPORT_SCHEMA_VERSION);
  });
});

describe('validateReport', () => {
  it('accepts a report using every optional field, and a minimal one', () => {
    expect(validateReport(report({ sites: [fullSite()], findings: fullFindings() }))).toEqual([]);
    expect(validateReport(report({ sites: [site({ policyFile: null, evidence: evidence({ phases: [] }) })] }))).toEqual([]);
    expect(validateReport(report({ sites: [] }))).toEqual([]);
  });

  it('accepts report.json as written (values included)', () => {
    const text = jsonReporter.render(report({ sites: [fullSite()], findings: fullFindings(), includeValues: true }), { color: false });
    expect(validateReport(JSON.parse(text))).toEqual([]);
  });

  it('explains what is wrong, with where', () => {
    const broken = clone(report({ sites: [fullSite()], findings: fullFindings() })) as unknown as Record<string, any>;
    broken['extra'] = 1;
    broken['schemaVersion'] = '0.9.0';
    broken['sites'][0].evidence.phases[0].status = 'done';
    delete broken['sites'][0].evidence.phases[0].cookies[0].name;
    broken['sites'][0].declared[0].observed = 'yes';
    broken['findings'][0].evidence.nested = { no: true };
    const errors = validateReport(broken);
    expect(errors).toEqual(
      expect.arrayContaining([
        '(report): unexpected property "extra"',
        '/schemaVersion: must be "1.0.0"',
        '/sites/0/evidence/phases/0/status: must be one of "completed", "skipped", "failed"',
        '/sites/0/evidence/phases/0/cookies/0: missing property "name"',
        '/sites/0/declared/0/observed: must be boolean',
        '/findings/0/evidence/nested: must be string, number, boolean or null',
      ]),
    );
  });

  it('rejects a storage declaration carrying a cookie’s name field (variants are told apart by kind)', () => {
    const broken = clone(report({ sites: [fullSite()] })) as unknown as Record<string, any>;
    broken['sites'][0].declared[1] = { kind: 'storage', index: 0, name: 'x', category: 'analytics', observed: true };
    expect(validateReport(broken)).toEqual(
      expect.arrayContaining(['/sites/0/declared/1: missing property "key"', '/sites/0/declared/1: unexpected property "name"']),
    );
  });

  it('rejects non-objects', () => {
    expect(validateReport(null)).toEqual(['(report): must be object']);
  });
});
