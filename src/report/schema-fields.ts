import schema from '../../schema/report.schema.json' with { type: 'json' };
import type { Report } from './model.js';

/** The parts of a JSON Schema node this walk reads. */
interface SchemaNode {
  $ref?: string;
  type?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  allOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  additionalProperties?: unknown;
  unevaluatedProperties?: unknown;
}

const ROOT = schema as unknown as SchemaNode & { $defs: Record<string, SchemaNode> };

/**
 * The report with only the fields schema/report.schema.json knows. A saved report from another
 * version, or edited by hand, may hold others; `report -f json` stamps what it writes with the
 * current schemaVersion, whose schema allows no field it does not list.
 */
export function withSchemaFields(report: Report): Report {
  return keep(report, ROOT) as Report;
}

function keep(value: unknown, at: SchemaNode): unknown {
  const node = resolved(at);
  if (Array.isArray(value)) return node.items ? value.map((v) => keep(v, node.items!)) : value;
  if (!value || typeof value !== 'object') return value;
  // A value that may be null or an object (changes.since): the object branch lists its fields.
  const branch = node.oneOf?.map(resolved).find((n) => n.type === 'object') ?? node;
  const known: Record<string, SchemaNode> = Object.assign({}, ...(branch.allOf ?? []).map((n) => resolved(n).properties), branch.properties);
  const closed = branch.additionalProperties === false || branch.unevaluatedProperties === false;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => !closed || Object.hasOwn(known, name))
      .map(([name, v]) => [name, Object.hasOwn(known, name) ? keep(v, known[name]!) : v]),
  );
}

/** The schema refers only to its own definitions (#/$defs/name). */
function resolved(node: SchemaNode): SchemaNode {
  return node.$ref === undefined ? node : ROOT.$defs[node.$ref.slice('#/$defs/'.length)]!;
}
