import { describe, it, expect } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from '../../rules/policy.schema.json' with { type: 'json' };
import { DURATION_PATTERN } from '../../src/policy/duration.js';
import { MANIFEST_PROPERTIES } from '../../src/policy/load.js';
import { CATEGORIES } from '../../src/policy/types.js';

type SchemaNode = { [key: string]: unknown };
const defs = schema.$defs as Record<string, SchemaNode>;
const propertiesOf = (node: unknown): string[] => Object.keys((node as SchemaNode).properties as object).sort();

/** Every subschema a user can hover over in an editor: properties, array items, definitions. */
function* subschemas(node: SchemaNode, path: string): Generator<[string, SchemaNode]> {
  yield [path, node];
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, SchemaNode>)) {
    yield* subschemas(child, `${path}/properties/${name}`);
  }
  if (node.items) yield* subschemas(node.items as SchemaNode, `${path}/items`);
  for (const [name, child] of Object.entries((node.$defs ?? {}) as Record<string, SchemaNode>)) {
    yield* subschemas(child, `${path}/$defs/${name}`);
  }
}

describe('rules/policy.schema.json', () => {
  it('compiles under ajv strict mode', () => {
    // strict: true makes every strictness check (unknown keywords, types, required, tuples) throw.
    expect(() => new Ajv2020({ strict: true, allErrors: true }).compile(schema)).not.toThrow();
  });

  it('documents every property, because the descriptions are the user documentation', () => {
    // A bare { $ref } shows its definition's description, and every definition is checked too.
    const documented = (node: SchemaNode) =>
      (typeof node.description === 'string' && node.description.length >= 10) || typeof node.$ref === 'string';
    const undocumented = [...subschemas(schema as SchemaNode, '#')]
      .filter(([, node]) => !documented(node))
      .map(([path]) => path);
    expect(undocumented).toEqual([]);
  });

  it('forbids unknown properties on every object, so typos are errors', () => {
    const open = [...subschemas(schema as SchemaNode, '#')]
      .filter(([, node]) => node.type === 'object' && node.additionalProperties !== false)
      .map(([path]) => path);
    expect(open).toEqual([]);
  });

  it('lists the same properties as the TypeScript types', () => {
    const consent = (schema.properties.consent as SchemaNode);
    expect(propertiesOf(schema)).toEqual(MANIFEST_PROPERTIES.manifest);
    expect(propertiesOf(consent)).toEqual(MANIFEST_PROPERTIES.consent);
    expect(propertiesOf(defs.consentStep)).toEqual(MANIFEST_PROPERTIES.consentStep);
    expect(propertiesOf(schema.properties.categories)).toEqual(MANIFEST_PROPERTIES.categories);
    expect(propertiesOf(defs.cookie)).toEqual(MANIFEST_PROPERTIES.cookie);
    expect(propertiesOf(defs.storage)).toEqual(MANIFEST_PROPERTIES.storage);
    expect(propertiesOf(defs.thirdParty)).toEqual(MANIFEST_PROPERTIES.thirdParty);
    expect(propertiesOf(defs.login)).toEqual(MANIFEST_PROPERTIES.login);
    expect(propertiesOf(defs.loginField)).toEqual(MANIFEST_PROPERTIES.loginField);
    expect(propertiesOf(defs.loginSuccess)).toEqual(MANIFEST_PROPERTIES.loginSuccess);
  });

  it('has the categories and storage types of the TypeScript types', () => {
    expect(defs.category!.enum).toEqual(CATEGORIES);
    // StorageType in src/evidence/types.ts has no runtime list; keep this in step with it.
    expect((defs.storage!.properties as Record<string, SchemaNode>).type!.enum).toEqual([
      'localStorage', 'sessionStorage', 'indexedDB',
    ]);
  });

  it('uses the duration grammar of src/policy/duration.ts', () => {
    // If this fails after changing DURATION_UNITS, copy DURATION_PATTERN into $defs.duration.pattern.
    expect(defs.duration!.pattern).toBe(DURATION_PATTERN);
  });
});
