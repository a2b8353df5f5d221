import { describe, expect, it } from 'vitest';
import { cleanJsonSchema, type GeminiSchema } from './clean-json-schema.js';

function objectOf(properties: Record<string, GeminiSchema>, required?: string[]): GeminiSchema {
  return { type: 'object', properties, ...(required ? { required } : {}) };
}

describe('cleanJsonSchema', () => {
  it('keeps what Gemini understands and drops the rest', () => {
    // Prepare
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: 'https://example.com/weather',
      type: 'object',
      title: 'Weather',
      additionalProperties: false,
      patternProperties: { '^x-': { type: 'string' } },
      properties: {
        city: { type: 'string', description: 'City name', minLength: 1, maxLength: 80, default: 'Paris' },
        days: { type: 'integer', minimum: 1, maximum: 14, exclusiveMaximum: 15, examples: [3] },
        units: { type: 'string', enum: ['metric', 'imperial'] },
        detailed: { type: 'boolean', default: false },
      },
      required: ['city', 'missing'],
    };

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    expect(cleaned).toStrictEqual({
      type: 'object',
      description: 'Weather',
      properties: {
        city: { type: 'string', description: 'City name', minLength: 1, maxLength: 80 },
        days: { type: 'integer', minimum: 1, maximum: 14 },
        units: { type: 'string', enum: ['metric', 'imperial'] },
        detailed: { type: 'boolean' },
      },
      required: ['city'],
    });
  });

  it('omits object schemas without properties (functions without parameters)', () => {
    // Act
    const results = [
      cleanJsonSchema({ schema: {} }),
      cleanJsonSchema({ schema: { type: 'object', properties: {} } }),
      cleanJsonSchema({ schema: { type: 'object', additionalProperties: { type: 'string' } } }),
    ];

    // Assess
    expect(results).toStrictEqual([undefined, undefined, undefined]);
  });

  it('inlines $ref from $defs and definitions, with sibling keywords', () => {
    // Prepare
    const schema = {
      type: 'object',
      $defs: { Point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
      definitions: { Color: { type: 'string', enum: ['red', 'blue'] } },
      properties: {
        start: { $ref: '#/$defs/Point', description: 'Where to start' },
        color: { $ref: '#/definitions/Color' },
      },
    };

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    expect(cleaned).toStrictEqual(
      objectOf({
        start: { ...objectOf({ x: { type: 'number' } }, ['x']), description: 'Where to start' },
        color: { type: 'string', enum: ['red', 'blue'] },
      }),
    );
  });

  it('unrolls a recursive $ref a few times, then ends in a permissive object', () => {
    // Prepare
    const schema = {
      $defs: {
        Node: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/$defs/Node' } },
          },
        },
      },
      $ref: '#/$defs/Node',
    };

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    const leaf: GeminiSchema = { type: 'object' };
    const level2 = objectOf({ name: { type: 'string' }, children: { type: 'array', items: leaf } });
    expect(cleaned).toStrictEqual(
      objectOf({ name: { type: 'string' }, children: { type: 'array', items: level2 } }),
    );
  });

  it('turns a self-reference to the root (#) into a bounded tree', () => {
    // Prepare
    const schema = { type: 'object', properties: { next: { $ref: '#' } } };

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    expect(cleaned).toStrictEqual(
      objectOf({ next: objectOf({ next: objectOf({ next: { type: 'object' } }) }) }),
    );
  });

  it('makes unresolvable and external references permissive', () => {
    // Prepare
    const schema = {
      type: 'object',
      properties: {
        remote: { $ref: 'https://example.com/schema.json', description: 'Remote' },
        missing: { $ref: '#/$defs/Nope' },
        sneaky: { $ref: '#/$defs/__proto__' },
      },
    };

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    expect(cleaned).toStrictEqual(
      objectOf({
        remote: { type: 'object', description: 'Remote' },
        missing: { type: 'object' },
        sneaky: { type: 'object' },
      }),
    );
  });

  it('turns list-valued types and null unions into nullable', () => {
    // Prepare
    const schema = {
      type: 'object',
      properties: {
        listed: { type: ['string', 'null'] },
        anyOfNull: { anyOf: [{ type: 'integer' }, { type: 'null' }], description: 'Count' },
        oneOfNull: { oneOf: [{ type: 'null' }, { $ref: '#/$defs/Tag' }] },
        openApiNullable: { type: 'number', nullable: true },
        mixed: { type: ['string', 'number', 'null'] },
        choice: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      },
      $defs: { Tag: { type: 'string', enum: ['a', 'b'] } },
    };

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    expect(cleaned).toStrictEqual(
      objectOf({
        listed: { type: 'string', nullable: true },
        anyOfNull: { type: 'integer', description: 'Count', nullable: true },
        oneOfNull: { type: 'string', enum: ['a', 'b'], nullable: true },
        openApiNullable: { type: 'number', nullable: true },
        mixed: { nullable: true, anyOf: [{ type: 'string' }, { type: 'number' }] },
        choice: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      }),
    );
  });

  it('turns const into a one-value enum and writes scalar enum values as strings', () => {
    // Prepare
    const schema = {
      type: 'object',
      properties: {
        kind: { const: 'circle' },
        level: { type: 'integer', enum: [1, 2, 3] },
        mixed: { enum: ['a', true, 1.5, { deep: [[[]]] }, ['x']] },
        maybe: { enum: ['on', 'off', null] },
        flag: { type: 'boolean', const: true },
      },
    };

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    expect(cleaned).toStrictEqual(
      objectOf({
        kind: { type: 'string', enum: ['circle'] },
        level: { type: 'integer', enum: ['1', '2', '3'] },
        mixed: { type: 'string', enum: ['a', 'true', '1.5'] },
        maybe: { type: 'string', enum: ['on', 'off'], nullable: true },
        flag: { type: 'boolean' },
      }),
    );
  });

  it('merges allOf members, including required names that only a member defines', () => {
    // Prepare
    const schema = {
      allOf: [
        { $ref: '#/$defs/Named' },
        { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] },
      ],
      required: ['name'],
      $defs: { Named: { type: 'object', properties: { name: { type: 'string' } } } },
    };

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    expect(cleaned).toStrictEqual(
      objectOf({ name: { type: 'string' }, age: { type: 'integer' } }, ['age', 'name']),
    );
  });

  it('keeps only the formats Gemini documents for each type', () => {
    // Prepare
    const schema = {
      type: 'object',
      properties: {
        when: { type: 'string', format: 'date-time' },
        link: { type: 'string', format: 'uri' },
        ratio: { type: 'number', format: 'double' },
        count: { type: 'integer', format: 'int64' },
        odd: { type: 'integer', format: 'float' },
      },
    };

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    expect(cleaned).toStrictEqual(
      objectOf({
        when: { type: 'string', format: 'date-time' },
        link: { type: 'string' },
        ratio: { type: 'number', format: 'double' },
        count: { type: 'integer', format: 'int64' },
        odd: { type: 'integer' },
      }),
    );
  });

  it('types schemas that have none, and gives arrays item schemas', () => {
    // Prepare
    const schema = {
      properties: {
        anything: { description: 'Any value' },
        nested: { properties: { a: { type: 'string' } } },
        list: { items: { type: 'number' } },
        bareList: { type: 'array' },
        tuple: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
        yes: true,
      },
    };

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    expect(cleaned).toStrictEqual(
      objectOf({
        anything: { type: 'object', description: 'Any value' },
        nested: objectOf({ a: { type: 'string' } }),
        list: { type: 'array', items: { type: 'number' } },
        bareList: { type: 'array', items: { type: 'object' } },
        tuple: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
        yes: { type: 'object' },
      }),
    );
  });

  it('keeps a property named __proto__ as a plain key without touching prototypes', () => {
    // Prepare
    const schema = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string"},"ok":{"type":"string"}}}',
    );

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    expect(Object.keys(cleaned?.properties ?? {})).toStrictEqual(['__proto__', 'ok']);
    expect(Object.getPrototypeOf(cleaned?.properties)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).type).toBeUndefined();
  });

  it('cuts off very deep schemas instead of overflowing the stack', () => {
    // Prepare
    let schema: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 10_000; level += 1)
      schema = { type: 'object', properties: { child: schema } };

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    let depth = 0;
    for (let node = cleaned; node?.properties?.child; node = node.properties.child) depth += 1;
    expect(depth).toBeLessThan(40);
  });

  it('bounds references that fan out exponentially', () => {
    // Prepare: each level refers to the next one twice, so full inlining would need 2^30 nodes.
    const definitions = Object.fromEntries(
      Array.from({ length: 30 }, (_, level) => [
        `L${level}`,
        {
          type: 'object',
          properties: { left: { $ref: `#/$defs/L${level + 1}` }, right: { $ref: `#/$defs/L${level + 1}` } },
        },
      ]),
    );
    const schema = { $defs: definitions, $ref: '#/$defs/L0' };

    // Act
    const cleaned = cleanJsonSchema({ schema });

    // Assess
    expect(JSON.stringify(cleaned).length).toBeLessThan(1_000_000);
  });

  it('does not change its input', () => {
    // Prepare
    const schema = { type: 'object', properties: { a: { type: ['string', 'null'], const: 'x' } }, $defs: {} };
    const copy = structuredClone(schema);

    // Act
    cleanJsonSchema({ schema });

    // Assess
    expect(schema).toStrictEqual(copy);
  });
});
