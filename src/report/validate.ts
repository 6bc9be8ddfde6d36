/** Checks an object against rules/report.schema.json, the contract for report.json consumers. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

let compiled: ValidateFunction | undefined;

/**
 * The schema is data in rules/, shipped beside dist/. Its distance from this module differs between
 * src/report/ (tests, tsx) and dist/src/report/ (the published CLI), so look upwards for it.
 */
export function reportSchemaPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'rules', 'report.schema.json');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('rules/report.schema.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

let ajv: Ajv | undefined;
let compiledLine: ValidateFunction | undefined;

function schemas(): Ajv {
  if (!ajv) {
    // discriminator: declaration refs are told apart by `kind`, which also keeps errors to the one variant meant.
    // allowUnionTypes: nullable fields are written `"type": ["string", "null"]`, the plain JSON Schema way.
    ajv = new Ajv({ allErrors: true, discriminator: true, allowUnionTypes: true });
    ajv.addSchema(JSON.parse(readFileSync(reportSchemaPath(), 'utf8')) as object);
  }
  return ajv;
}

function validator(): ValidateFunction {
  compiled ??= schemas().getSchema('https://cookie-audit.dev/schemas/report.schema.json');
  if (!compiled) throw new Error('rules/report.schema.json has no $id to find it by');
  return compiled;
}

/** rules/site-line.schema.json: one line of sites.ndjson (a site of report.json plus its findings). */
export function siteLineSchemaPath(): string {
  return path.join(path.dirname(reportSchemaPath()), 'site-line.schema.json');
}

/** Readable problems of one sites.ndjson line (parsed); [] = valid. */
export function validateSiteLine(line: unknown): string[] {
  compiledLine ??= schemas().compile(JSON.parse(readFileSync(siteLineSchemaPath(), 'utf8')) as object);
  if (compiledLine(line)) return [];
  return (compiledLine.errors ?? []).map(describe);
}

/** Readable problems, e.g. `/sites/0/evidence/phases/1/status: must be one of "completed", "skipped", "failed"`; [] = valid. */
export function validateReport(report: unknown): string[] {
  const validate = validator();
  if (validate(report)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(report)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where}: unexpected property "${String(params['additionalProperty'])}"`;
    case 'required':
      return `${where}: missing property "${String(params['missingProperty'])}"`;
    case 'enum':
      return `${where}: must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type': {
      const types = ([] as unknown[]).concat(params['type']).map(String);
      return `${where}: must be ${types.length > 1 ? `${types.slice(0, -1).join(', ')} or ${types.at(-1)}` : types[0]}`;
    }
    case 'const':
      return `${where}: must be ${JSON.stringify(params['allowedValue'])}`;
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}
