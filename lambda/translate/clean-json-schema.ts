/**
 * JSON Schema (as OpenAI clients send it for tool parameters and structured output) → the OpenAPI 3.0
 * subset Gemini's `Schema` accepts (https://ai.google.dev/api/caching#Schema).
 *
 * We send this cleaned schema as `parameters` / `responseSchema` rather than the raw schema as
 * `parametersJsonSchema` / `responseJsonSchema`: the Code Assist backend and models before 2.5 only
 * know the `Schema` form, and one form for every backend keeps behaviour the same everywhere.
 *
 * What Google rejects, and what we do instead:
 * - `$ref` / `$defs` / `definitions` → inlined. A recursive reference is unrolled a few times, then
 *   becomes a permissive object; a node budget stops references that fan out from growing the
 *   schema exponentially.
 * - list-valued `type` and `anyOf`/`oneOf` with a null branch → one type (or `anyOf`) plus
 *   `nullable: true`; `allOf` → merged.
 * - `const` → `enum: [value]`; scalar `enum` values → strings (Gemini's enum is a list of strings).
 * - a schema without a type → typed from its keywords ("type must be specified" otherwise).
 * - `format` values other than the ones Gemini documents per type → dropped.
 * - everything else (`$schema`, `$id`, `additionalProperties`, `patternProperties`, `default`,
 *   `examples`, `not`, `if`, ...) → dropped, by keeping only the keywords Gemini knows.
 */
import { isJsonObject } from './read-json.js';

export type GeminiSchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

export type GeminiSchema = {
  type?: GeminiSchemaType;
  format?: string;
  description?: string;
  nullable?: boolean;
  enum?: string[];
  properties?: Record<string, GeminiSchema>;
  required?: string[];
  items?: GeminiSchema;
  anyOf?: GeminiSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
};

type JsonObject = Record<string, unknown>;

/** How many times one `$ref` may be expanded inside itself before it becomes a permissive object. */
const maxReferenceRepeats = 2;
/** Deeper schemas are cut off (Gemini rejects deep schemas anyway; this guards our recursion). */
const maxDepth = 32;
/** Most nodes one cleaned schema may hold; past it, subschemas become permissive objects. */
const maxNodes = 5000;

const geminiTypes: readonly string[] = ['string', 'number', 'integer', 'boolean', 'array', 'object'];

const formatsByType: Partial<Record<GeminiSchemaType, readonly string[]>> = {
  string: ['enum', 'date-time'],
  number: ['float', 'double'],
  integer: ['int32', 'int64'],
};

interface CleanContext {
  root: JsonObject;
  references: readonly string[];
  depth: number;
  /** Shared by the whole walk: nodes produced so far. */
  budget: { nodes: number };
}

/**
 * The Gemini form of a JSON Schema, or undefined when it describes an object without properties
 * (a function without parameters: Google rejects an OBJECT schema with no properties).
 *
 * @example
 * cleanJsonSchema({ schema: { type: 'object', properties: { city: { type: ['string', 'null'] } } } });
 * // → { type: 'object', properties: { city: { type: 'string', nullable: true } } }
 */
export function cleanJsonSchema({ schema }: { schema: JsonObject }): GeminiSchema | undefined {
  const cleaned = cleanNode(schema, { root: schema, references: [], depth: 0, budget: { nodes: 0 } });
  const isEmptyObject =
    cleaned.type === 'object' && Object.keys(cleaned.properties ?? {}).length === 0 && !cleaned.anyOf;
  return isEmptyObject ? undefined : cleaned;
}

/**
 * The context one level down. Named field by field, not `{ ...context, depth }`: on Node 20, V8 spreads
 * a copy of a copy on its slow path, and this runs for every node of every tool's schema.
 */
function oneLevelDeeper(context: CleanContext): CleanContext {
  return {
    root: context.root,
    references: context.references,
    depth: context.depth + 1,
    budget: context.budget,
  };
}

function permissive(description?: string): GeminiSchema {
  return { type: 'object', ...(description ? { description } : {}) };
}

function cleanNode(node: unknown, context: CleanContext): GeminiSchema {
  if (!isJsonObject(node)) return permissive();
  const cleaned = cleanKeywords(node, context);
  if (cleaned.type || cleaned.anyOf) return cleaned;
  return { ...cleaned, type: 'object' };
}

/** The cleaned keywords of one node; its type may still be missing (callers merge before typing). */
function cleanKeywords(node: JsonObject, context: CleanContext): GeminiSchema {
  context.budget.nodes += 1;
  if (context.depth > maxDepth || context.budget.nodes > maxNodes) return permissive();
  const { $ref, allOf, anyOf, oneOf } = node;
  if (typeof $ref === 'string') return cleanReference($ref, siblingsOf(node), context);
  const deeper = oneLevelDeeper(context);
  if (Array.isArray(allOf)) {
    const rest = siblingsOf(node);
    const members = allOf.filter(isJsonObject).map((member) => cleanKeywords(member, deeper));
    const merged = members.reduce(mergeSchemas, cleanKeywords({ ...rest, anyOf, oneOf }, context));
    // `required` beside `allOf` often names properties that only the members define.
    return mergeSchemas(merged, { required: requiredAmong(rest.required, merged.properties ?? {}) });
  }
  const variants = Array.isArray(anyOf) ? anyOf : Array.isArray(oneOf) ? oneOf : undefined;
  if (variants) return cleanVariants(variants, siblingsOf(node), deeper);
  return cleanPlain(node, context);
}

/**
 * A node's keywords beside `$ref` and the combinators, copied only in the branches that use them:
 * most nodes have none of those keys.
 */
function siblingsOf(node: JsonObject): JsonObject {
  const { $ref: _ref, allOf: _allOf, anyOf: _anyOf, oneOf: _oneOf, ...siblings } = node;
  return siblings;
}

function cleanReference(reference: string, siblings: JsonObject, context: CleanContext): GeminiSchema {
  const description = typeof siblings.description === 'string' ? siblings.description : undefined;
  const target = resolveReference(reference, context.root);
  const repeats = context.references.filter((seen) => seen === reference).length;
  if (!isJsonObject(target) || repeats >= maxReferenceRepeats) return permissive(description);
  // Keywords beside a $ref apply too (JSON Schema 2019-09+); a sibling description wins.
  return cleanKeywords(
    { ...target, ...siblings },
    { ...oneLevelDeeper(context), references: [...context.references, reference] },
  );
}

/** Only local JSON pointers (`#`, `#/$defs/Name`, `#/definitions/Name`, ...); others are unknown. */
function resolveReference(reference: string, root: JsonObject): unknown {
  if (reference === '#') return root;
  if (!reference.startsWith('#/')) return undefined;
  let current: unknown = root;
  for (const encoded of reference.slice(2).split('/')) {
    const key = encoded.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isJsonObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

function cleanVariants(variants: unknown[], rest: JsonObject, context: CleanContext): GeminiSchema {
  const base = cleanKeywords(rest, context);
  const nonNull = variants.filter((variant) => !isNullSchema(variant));
  const nullable = nonNull.length < variants.length ? { nullable: true } : {};
  const [only] = nonNull;
  if (nonNull.length === 1) return { ...mergeSchemas(base, cleanNode(only, context)), ...nullable };
  if (nonNull.length === 0) return { ...base, ...nullable };
  return { ...base, ...nullable, anyOf: nonNull.map((variant) => cleanNode(variant, context)) };
}

function isNullSchema(variant: unknown): boolean {
  return isJsonObject(variant) && (variant.type === 'null' || (variant.const === null && !variant.type));
}

function cleanPlain(node: JsonObject, context: CleanContext): GeminiSchema {
  const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
  const known = types.filter((type): type is GeminiSchemaType => geminiTypes.includes(String(type)));
  const values = readEnum(node);
  const nullable = types.includes('null') || node.nullable === true || values?.hasNull === true;
  const common: GeminiSchema = {
    ...readDescription(node),
    ...(nullable ? { nullable: true } : {}),
  };
  if (known.length > 1) {
    return { ...common, anyOf: known.map((type) => cleanNode({ ...node, type, nullable: false }, context)) };
  }
  const type = known[0] ?? inferType(node, values);
  if (!type) return common;
  // `type` first: a literal that opens with a non-empty spread (a description) takes V8's slow path.
  return { type, ...common, ...cleanTypeKeywords(type, node, values?.strings, context) };
}

function inferType(
  node: JsonObject,
  values: { strings: string[] } | undefined,
): GeminiSchemaType | undefined {
  if (isJsonObject(node.properties)) return 'object';
  if (node.items !== undefined || node.prefixItems !== undefined) return 'array';
  if (values) return 'string';
  return undefined;
}

function cleanTypeKeywords(
  type: GeminiSchemaType,
  node: JsonObject,
  values: string[] | undefined,
  context: CleanContext,
): GeminiSchema {
  const deeper = oneLevelDeeper(context);
  const format =
    typeof node.format === 'string' && formatsByType[type]?.includes(node.format)
      ? { format: node.format }
      : {};
  switch (type) {
    case 'string':
      return {
        ...format,
        ...(values && values.length > 0 ? { enum: values } : {}),
        ...pickNumbers(node, ['minLength', 'maxLength']),
        ...(typeof node.pattern === 'string' ? { pattern: node.pattern } : {}),
      };
    case 'number':
    case 'integer':
      return {
        ...format,
        ...(values && values.length > 0 ? { enum: values } : {}),
        ...pickNumbers(node, ['minimum', 'maximum']),
      };
    case 'boolean':
      return {};
    case 'array':
      return { items: cleanItems(node, deeper), ...pickNumbers(node, ['minItems', 'maxItems']) };
    case 'object':
      return { ...cleanProperties(node, deeper), ...pickNumbers(node, ['minProperties', 'maxProperties']) };
    default: {
      const unexpected: never = type;
      throw new Error(`unknown schema type ${String(unexpected)}`);
    }
  }
}

function cleanItems(node: JsonObject, context: CleanContext): GeminiSchema {
  // Tuples (`prefixItems`, or draft-4 array `items`) have no Gemini form: any of their item schemas.
  const tuple = Array.isArray(node.prefixItems)
    ? node.prefixItems
    : Array.isArray(node.items)
      ? node.items
      : [];
  if (tuple.length > 1) return { anyOf: tuple.map((item) => cleanNode(item, context)) };
  const [single = node.items] = tuple;
  return single === undefined ? permissive() : cleanNode(single, context);
}

function cleanProperties(node: JsonObject, context: CleanContext): GeminiSchema {
  if (!isJsonObject(node.properties)) return {};
  // fromEntries defines own properties, so a property named `__proto__` stays a plain key.
  const schemas = node.properties;
  // Keys, not Object.entries, which V8 (Node 20) builds in its runtime.
  const properties = Object.fromEntries(
    Object.keys(schemas).map((name) => [name, cleanNode(schemas[name], context)]),
  );
  const required = requiredAmong(node.required, properties);
  return { properties, ...(required.length > 0 ? { required } : {}) };
}

/** Google rejects `required` entries that name no property. */
function requiredAmong(required: unknown, properties: Record<string, GeminiSchema>): string[] {
  if (!Array.isArray(required)) return [];
  const names = required.filter(
    (name): name is string => typeof name === 'string' && Object.hasOwn(properties, name),
  );
  return [...new Set(names)];
}

function readEnum(node: JsonObject): { strings: string[]; hasNull: boolean } | undefined {
  const values = node.const !== undefined ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
  if (!values) return undefined;
  // Gemini's enum is a list of strings: scalars are written out, objects and arrays have no form.
  const scalars = values.filter((value): value is string | number | boolean =>
    ['string', 'number', 'boolean'].includes(typeof value),
  );
  return { strings: scalars.map(String), hasNull: values.includes(null) };
}

function readDescription(node: JsonObject): GeminiSchema {
  const description =
    typeof node.description === 'string' && node.description ? node.description : node.title;
  return typeof description === 'string' && description ? { description } : {};
}

function pickNumbers(node: JsonObject, keys: readonly (keyof GeminiSchema)[]): GeminiSchema {
  const picked: Record<string, number> = {};
  for (const key of keys) {
    const value = node[key];
    if (typeof value === 'number' && Number.isFinite(value)) picked[key] = value;
  }
  return picked;
}

/** `allOf` members and single `anyOf` branches: the first schema's keywords win, objects combine. */
function mergeSchemas(first: GeminiSchema, second: GeminiSchema): GeminiSchema {
  const { properties: firstProperties, required: firstRequired = [], ...firstRest } = first;
  const { properties: secondProperties, required: secondRequired = [], ...secondRest } = second;
  const required = [...new Set([...firstRequired, ...secondRequired])];
  return {
    ...secondRest,
    ...firstRest,
    ...(firstProperties || secondProperties
      ? { properties: { ...secondProperties, ...firstProperties } }
      : {}),
    ...(required.length > 0 ? { required } : {}),
  };
}
