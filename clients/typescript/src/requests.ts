// Request files: the proto3 JSON mapping of a request message (API.md), read strictly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { defaultProtoDir } from './protos.js';

const roots = new Map<string, protobuf.Root>();

function backstopRoot(protoDir: string): protobuf.Root {
  let root = roots.get(protoDir);
  if (!root) {
    root = new protobuf.Root();
    root.resolvePath = (_origin, target) =>
      target.startsWith('google/protobuf/') ? target : path.join(protoDir, target);
    root.loadSync('backstop/v1/pricing_service.proto', { keepCase: false });
    root.resolveAll();
    roots.set(protoDir, root);
  }
  return root;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * Checks a proto3-JSON-shaped object against a backstop.v1 message and returns it with field
 * names in lowerCamelCase (snake_case names are accepted, as proto3 JSON parsers do). An unknown
 * field throws with its path, so a typo is an error rather than a silently missing value.
 */
export function checkRequest(
  message: 'QuoteCoverRequest' | 'StreamQuoteCoverRequest' | 'AssessCollateralRequest' | 'StressTestRequest',
  value: unknown,
  protoDir: string = defaultProtoDir(),
): Record<string, unknown> {
  const type = backstopRoot(protoDir).lookupType(`backstop.v1.${message}`);
  return normalize(type, value, message) as Record<string, unknown>;
}

function normalize(type: protobuf.Type, value: unknown, where: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${where}: expected a JSON object for ${type.fullName.slice(1)}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const name = camel(key);
    const field = type.fields[name];
    if (!field) {
      const known = Object.keys(type.fields).join(', ');
      throw new Error(`${where}.${key}: unknown field of ${type.fullName.slice(1)} (known: ${known})`);
    }
    const sub = field.resolvedType;
    if (sub instanceof protobuf.Type && v !== null) {
      out[name] = field.repeated
        ? asArray(v, `${where}.${key}`).map((e, i) => normalize(sub, e, `${where}.${key}[${i}]`))
        : normalize(sub, v, `${where}.${key}`);
    } else if (v !== null && field.repeated) {
      out[name] = asArray(v, `${where}.${key}`).map((e, i) => scalar(field, e, `${where}.${key}[${i}]`));
    } else {
      out[name] = v === null ? v : scalar(field, v, `${where}.${key}`);
    }
  }
  return out;
}

const FLOATS = new Set(['double', 'float']);
const INTEGERS = new Set([
  'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64',
]);

/**
 * A scalar or enum value as the proto3 JSON mapping allows it (numbers also as strings, "NaN" and
 * "Infinity" for floating point, enums by name or number); anything else throws with the path and
 * what is allowed, as the server's own JSON parser would refuse it, rather than reaching the
 * server as a default value.
 */
function scalar(field: protobuf.Field, v: unknown, where: string): unknown {
  const sub = field.resolvedType;
  if (sub instanceof protobuf.Enum) {
    const names = Object.keys(sub.values);
    if ((typeof v === 'string' && names.includes(v)) || (typeof v === 'number' && Object.values(sub.values).includes(v))) {
      return v;
    }
    throw new Error(`${where}: ${JSON.stringify(v)} is not a ${sub.fullName.slice(1)} (allowed: ${names.join(', ')})`);
  }
  if (FLOATS.has(field.type)) {
    const ok =
      (typeof v === 'number' && Number.isFinite(v)) ||
      (typeof v === 'string' && (['NaN', 'Infinity', '-Infinity'].includes(v) || (v.trim() !== '' && Number.isFinite(Number(v)))));
    if (!ok) throw new Error(`${where}: ${JSON.stringify(v)} is not a number (write 0.8, or "NaN"/"Infinity")`);
    return v;
  }
  if (INTEGERS.has(field.type)) {
    const ok = (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v));
    if (!ok) throw new Error(`${where}: ${JSON.stringify(v)} is not an integer`);
    return v;
  }
  if (field.type === 'bool' && typeof v !== 'boolean') {
    throw new Error(`${where}: ${JSON.stringify(v)} is not true or false`);
  }
  if (field.type === 'string' && typeof v !== 'string') {
    throw new Error(`${where}: ${JSON.stringify(v)} is not a string`);
  }
  return v;
}

function asArray(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${where}: expected a JSON array`);
  return v;
}

/** Reads a request file (proto3 JSON of the message) and checks it with checkRequest(). */
export function readRequestFile(
  file: string,
  message: Parameters<typeof checkRequest>[0] = 'QuoteCoverRequest',
  protoDir?: string,
): Record<string, unknown> {
  const json: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  return checkRequest(message, json, protoDir);
}
