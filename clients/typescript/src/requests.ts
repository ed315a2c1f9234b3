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
    } else {
      out[name] = v;
    }
  }
  return out;
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
