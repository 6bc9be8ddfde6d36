/** report.sarif against the SARIF 2.1.0 JSON Schema (vendored, see vendor/README.md), with ajv. */
import { readFileSync } from 'node:fs';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// Both are CommonJS modules whose export is also their `default`; under NodeNext types only `.default` is callable.
const AjvDraft04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

const schema = JSON.parse(readFileSync(new URL('./vendor/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8')) as object;

let validate: ReturnType<InstanceType<typeof AjvDraft04>['compile']> | undefined;

/** [] when valid; else "instancePath: message" lines. */
export function validateSarif(log: unknown): string[] {
  if (!validate) {
    // unicodeRegExp off: the schema's language pattern has a stray "]" that only non-unicode RegExps accept.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(log)'}: ${e.message ?? e.keyword}`);
}
