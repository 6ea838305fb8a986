import { z } from 'zod';
import { planSchema } from './schema.js';

type JsonSchema = Record<string, unknown>;

let cached: JsonSchema | undefined;

const variableReference = { type: 'string', pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}' };

/** Numbers and booleans may be written as `"${PORT}"`: they become values after interpolation, so editors must accept that. */
function allowVariables(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowVariables);
  if (node === null || typeof node !== 'object') return node;
  const schema = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, allowVariables(value)])) as JsonSchema;
  if (schema.type === 'number' || schema.type === 'integer' || schema.type === 'boolean') {
    const { description, ...rest } = schema;
    return { ...(description === undefined ? {} : { description }), anyOf: [rest, variableReference] };
  }
  return schema;
}

/** The JSON Schema of golive.yaml, derived from the zod schema (the single source of truth). */
export function planJsonSchema(): JsonSchema {
  cached ??= {
    ...(allowVariables(z.toJSONSchema(planSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' })) as JsonSchema),
    $id: 'https://golive.dev/schema/golive.schema.json',
    title: 'golive plan (golive.yaml)',
  };
  return cached;
}

function asSchema(value: unknown): JsonSchema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}

/** Picks the branch of a union that fits the data: the one whose `kind` constant matches, else one with properties. */
function resolveBranch(schema: JsonSchema, data: unknown): JsonSchema {
  const branches = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (!branches) return schema;
  const kind = asSchema(data)?.kind;
  const objects = branches.map(asSchema).filter((branch): branch is JsonSchema => branch !== undefined);
  const byKind = objects.find((branch) => asSchema(asSchema(branch.properties)?.kind)?.const === kind);
  return resolveBranch(byKind ?? objects.find((branch) => branch.properties !== undefined) ?? schema, data);
}

/** The keys the schema allows at a path of the data, for "did you mean …?" on unknown keys. */
export function knownKeysAt(path: readonly (string | number)[], root: unknown): string[] {
  let schema: JsonSchema | undefined = planJsonSchema();
  let data: unknown = root;
  for (const segment of path) {
    if (!schema) return [];
    schema = resolveBranch(schema, data);
    const properties = asSchema(schema.properties);
    if (typeof segment === 'number') schema = asSchema(schema.items);
    else schema = asSchema(properties?.[segment]) ?? asSchema(schema.additionalProperties);
    data = (data as Record<string | number, unknown> | undefined)?.[segment];
  }
  if (!schema) return [];
  schema = resolveBranch(schema, data);
  return Object.keys(asSchema(schema.properties) ?? {});
}
