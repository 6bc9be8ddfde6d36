/**
 * Loading a policy manifest: read the file, parse it (YAML, or JSON, which is YAML), validate it
 * against rules/policy.schema.json, and turn it into a PolicyManifest whose declarations know their line.
 * Every problem becomes a PolicyError with a line, and all of them are reported at once.
 */
import { readFile } from 'node:fs/promises';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import schema from '../../rules/policy.schema.json' with { type: 'json' };
import { DurationError, parseDuration } from './duration.js';
import { PolicyLoadError } from './errors.js';
import type {
  Category,
  ConsentStep,
  CookieDeclaration,
  LoginField,
  LoginSpec,
  LoginSuccess,
  PolicyError,
  PolicyManifest,
  StorageDeclaration,
  ThirdPartyDeclaration,
} from './types.js';

export { PolicyLoadError, formatPolicyError } from './errors.js';

/** The manifest as written: the declarations without what the loader adds. */
type RawCookie = Omit<CookieDeclaration, 'index' | 'location' | 'expiresSeconds'>;
type RawStorage = Omit<StorageDeclaration, 'index' | 'location'>;
type RawThirdParty = Omit<ThirdPartyDeclaration, 'index' | 'location'>;
type RawConsent = Partial<PolicyManifest['consent']>;
interface RawManifest {
  /** Lets editors find the schema; ignored. */
  $schema?: string;
  site?: string;
  login?: LoginSpec;
  consent?: RawConsent;
  categories?: PolicyManifest['categories'];
  cookies?: RawCookie[];
  storage?: RawStorage[];
  thirdParties?: RawThirdParty[];
}

/** Property names of T; the Record makes the compiler reject a missing or extra name. */
const names = <T>(record: Record<keyof T, true>): string[] => Object.keys(record).sort();

/**
 * The properties each manifest object has according to the TypeScript types.
 * A test checks that rules/policy.schema.json lists exactly these, so the schema and types cannot drift.
 */
export const MANIFEST_PROPERTIES = {
  manifest: names<RawManifest>({
    $schema: true, site: true, login: true, consent: true, categories: true, cookies: true, storage: true, thirdParties: true,
  }),
  login: names<LoginSpec>({ url: true, fields: true, submit: true, success: true }),
  loginField: names<LoginField>({ selector: true, env: true }),
  loginSuccess: names<LoginSuccess>({ selector: true, url: true, cookie: true }),
  consent: names<RawConsent>({ beforeConsent: true, accept: true, reject: true, honorsGpc: true, banner: true }),
  consentStep: names<ConsentStep>({ selector: true, clicks: true }),
  categories: names<Record<Category, unknown>>({ necessary: true, functional: true, analytics: true, marketing: true }),
  cookie: names<RawCookie>({ name: true, category: true, expires: true, provider: true, purpose: true, domain: true }),
  storage: names<RawStorage>({ key: true, type: true, category: true, purpose: true }),
  thirdParty: names<RawThirdParty>({ name: true, domains: true, category: true, purpose: true }),
};

/** The policy used when the user gives no manifest: nothing declared, only necessary before consent. */
export function emptyPolicy(): PolicyManifest {
  return { consent: { beforeConsent: ['necessary'] }, categories: {}, cookies: [], storage: [], thirdParties: [] };
}

export async function loadPolicy(file: string): Promise<PolicyManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new PolicyLoadError([{ file, path: '', message: unreadableMessage(err) }]);
  }
  return parsePolicy(text, file);
}

/** Parse and validate manifest text; `file` is only used in locations and messages. */
export function parsePolicy(text: string, file: string): PolicyManifest {
  const lineCounter = new LineCounter();
  // prettyErrors would append a multi-line source excerpt; we want one line per problem.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAtOffset = (offset: number): number => lineCounter.linePos(offset).line;

  if (doc.errors.length > 0) {
    throw new PolicyLoadError(
      doc.errors.map((e) => ({ file, line: lineAtOffset(e.pos[0]), path: '', message: `syntax error: ${e.message.split('\n')[0]!}` })),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // yaml refuses documents whose aliases expand exponentially ("billion laughs").
    throw new PolicyLoadError([{ file, path: '', message: `cannot be read: ${(err as Error).message}` }]);
  }
  if (raw === null || raw === undefined) {
    throw new PolicyLoadError([{ file, path: '', message: EMPTY_MESSAGE }]);
  }

  const lineAt = (segments: string[], atKey = false): number | undefined => {
    const node = nodeAt(doc, segments, atKey);
    return node?.range ? lineAtOffset(node.range[0]) : undefined;
  };

  const validate = validator();
  if (!validate(raw)) {
    throw new PolicyLoadError(sortErrors(schemaErrors(validate.errors ?? [], file, lineAt)));
  }
  return build(raw, file, lineAt);
}

const EMPTY_MESSAGE =
  'the manifest is empty: declare the site\'s cookies in it (format: cookie-audit/rules/policy.schema.json)';

function unreadableMessage(err: unknown): string {
  const { code, message } = err as NodeJS.ErrnoException;
  switch (code) {
    case 'ENOENT':
      return 'cannot read the manifest: no such file; check the path, or create the file (format: cookie-audit/rules/policy.schema.json)';
    case 'EISDIR':
      return 'cannot read the manifest: it is a directory; give the path of the manifest file inside it';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read the manifest: permission denied; make the file readable by this user';
    default:
      return `cannot read the manifest (${message}); check the path and permissions`;
  }
}

let compiled: ValidateFunction<RawManifest> | undefined;
/** Compiled once, on first use: most runs load one manifest, some (the demo, tests) many. */
function validator(): ValidateFunction<RawManifest> {
  // verbose: errors carry the offending data and their schema, which the messages quote.
  compiled ??= new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile<RawManifest>(schema);
  return compiled;
}

/** Turn validated input into the manifest: defaults, indexes, locations and parsed lifetimes. */
function build(raw: RawManifest, file: string, lineAt: (segments: string[]) => number | undefined): PolicyManifest {
  const errors: PolicyError[] = [];
  // Every declaration is a node of the parsed document, so it has a line; 1 only satisfies the type.
  const location = (list: string, index: number) => ({ file, line: lineAt([list, String(index)]) ?? 1 });

  const cookies = (raw.cookies ?? []).map((cookie, index): CookieDeclaration => {
    const declaration: CookieDeclaration = { ...cookie, index, location: location('cookies', index) };
    if (cookie.expires !== undefined) {
      try {
        declaration.expiresSeconds = parseDuration(cookie.expires);
      } catch (err) {
        // The schema's pattern is the same grammar, so only absurd values (hundreds of digits) get here.
        if (!(err instanceof DurationError)) throw err;
        const path = ['cookies', String(index), 'expires'];
        errors.push({ file, line: lineAt(path) ?? 1, path: `/${path.join('/')}`, message: err.message });
      }
    }
    return declaration;
  });
  if (errors.length > 0) throw new PolicyLoadError(errors);

  const { beforeConsent = ['necessary'], ...steps } = raw.consent ?? {};
  return {
    file,
    ...(raw.site !== undefined && { site: raw.site }),
    ...(raw.login !== undefined && { login: raw.login }),
    consent: { beforeConsent, ...steps },
    categories: raw.categories ?? {},
    cookies,
    storage: (raw.storage ?? []).map((entry, index) => ({ ...entry, index, location: location('storage', index) })),
    thirdParties: (raw.thirdParties ?? []).map((party, index) => ({
      ...party,
      index,
      location: location('thirdParties', index),
    })),
  };
}

/**
 * The YAML node at a JSON pointer's segments, following aliases, or undefined when the path is not in
 * the document. With atKey, a map entry's key node rather than its value (where a typo'd key is).
 */
function nodeAt(doc: Document, segments: string[], atKey: boolean) {
  let node: unknown = doc.contents;
  segments.forEach((segment, i) => {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      // A flow entry without a value (`{ a }`) has no value node; its key is on the same line.
      node = pair && (atKey && i === segments.length - 1 ? pair.key : (pair.value ?? pair.key));
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
    } else {
      node = undefined;
    }
  });
  return isScalar(node) || isMap(node) || isSeq(node) || isAlias(node) ? node : undefined;
}

// ---- schema errors in the user's words ----

type LineAt = (segments: string[], atKey?: boolean) => number | undefined;

function schemaErrors(errors: ErrorObject[], file: string, lineAt: LineAt): PolicyError[] {
  const unknown = errors.filter((e) => e.keyword === 'additionalProperties');
  const unknownAt = new Set(unknown.map((e) => e.instancePath));
  const guessedAt = new Set(unknown.map((e) => `${e.instancePath}/${guess(e) ?? ''}`));
  return errors
    // The typo is the problem worth reporting, not its consequences: "{ selector, clickz }" has two
    // properties, and "catgory: x" leaves "category" missing.
    .filter((e) => !(e.keyword === 'maxProperties' && unknownAt.has(e.instancePath)))
    .filter((e) => !(e.keyword === 'required' && guessedAt.has(`${e.instancePath}/${String(e.params.missingProperty)}`)))
    .map((e) => {
      const segments = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      if (e.keyword === 'additionalProperties') {
        const key = String(e.params.additionalProperty);
        const path = [...segments, key];
        return { file, ...line(lineAt(path, true)), path: pointer(path), message: unknownPropertyMessage(e) };
      }
      // A missing property has no node: point at the object that lacks it.
      return { file, ...line(lineAt(segments)), path: pointer(segments), message: schemaMessage(e) };
    });
}

const line = (n: number | undefined) => (n === undefined ? {} : { line: n });
const pointer = (segments: string[]) =>
  segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  number: 'a number',
  integer: 'a whole number',
};

function schemaMessage(e: ErrorObject): string {
  const got = ` (got ${describe(e.data)})`;
  if (e.schemaPath.startsWith('#/$defs/duration/')) {
    const hint = typeof e.data === 'number' ? `; add a unit, e.g. "${e.data}d" or "${e.data}s"` : '';
    return `must be "session" or a number with a unit, e.g. "30m", "24h", "90 days", "13 months", "1y" (got ${describe(e.data)}${hint})`;
  }
  if (e.schemaPath === '#/$defs/loginField/properties/env/pattern') {
    return `must be the name of an environment variable (letters, digits and _), e.g. AUDIT_PASSWORD${got}`;
  }
  if (e.schemaPath === '#/$defs/login/properties/url/pattern') return `must be the http(s) address of the login page${got}`;
  if (e.schemaPath.startsWith('#/$defs/domain/')) {
    return `must be a domain name like "stripe.com", without scheme, path, port or wildcard${got}`;
  }
  switch (e.keyword) {
    case 'required':
      return `missing required property "${String(e.params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}${got}`;
    case 'type': {
      const expected = TYPE_NAMES[String(e.params.type)] ?? String(e.params.type);
      if (e.instancePath === '') return `the manifest must be an object with keys such as site, consent, cookies${got}`;
      const quote = e.params.type === 'string' && (typeof e.data === 'number' || typeof e.data === 'boolean');
      return `must be ${expected} (got ${describe(e.data)}${quote ? '; put it in quotes' : ''})`;
    }
    case 'minLength':
      return 'must not be empty';
    case 'minItems':
      return `must list at least ${String(e.params.limit)} item${e.params.limit === 1 ? '' : 's'}`;
    case 'uniqueItems': {
      const repeated = (e.data as unknown[])[e.params.j as number];
      return `must not list ${describe(repeated)} twice`;
    }
    case 'minProperties':
    case 'maxProperties':
      if (e.schemaPath.startsWith('#/$defs/loginSuccess/')) return 'must have exactly one of "selector", "url" or "cookie"';
      return 'must have exactly one of "selector" (one click) or "clicks" (a list of clicks)';
    default:
      return e.message ?? 'is invalid';
  }
}

const allowedProperties = (e: ErrorObject): string[] => Object.keys((e.parentSchema?.properties ?? {}) as object);
/** The property an additionalProperties error's key was probably meant to be. */
const guess = (e: ErrorObject): string | undefined => closest(String(e.params.additionalProperty), allowedProperties(e));

function unknownPropertyMessage(e: ErrorObject): string {
  const meant = guess(e);
  return meant
    ? `unknown property; did you mean "${meant}"?`
    : `unknown property; expected one of ${allowedProperties(e).join(', ')}`;
}

/** A value as it appears in a message: strings quoted, structures named, long text cut. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** The allowed name a typo most likely meant: case-insensitive edit distance of at most 2. */
function closest(word: string, options: string[]): string | undefined {
  let best: { option: string; distance: number } | undefined;
  for (const option of options) {
    const distance = editDistance(word.toLowerCase(), option.toLowerCase());
    if (distance <= Math.min(2, Math.floor(option.length / 3)) && (!best || distance < best.distance)) {
      best = { option, distance };
    }
  }
  return best?.option;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** File order: by line, then path, so the output reads top to bottom and is stable. */
function sortErrors(errors: PolicyError[]): PolicyError[] {
  return [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
