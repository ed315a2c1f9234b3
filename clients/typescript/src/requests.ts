// Request files: the proto3 JSON mapping of a request message (API.md), read strictly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { defaultProtoDir } from './protos.js';
import { visit } from 'jsonc-parser';

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
 * field throws with its path, so a typo is an error rather than a silently missing value; so does
 * an integer out of its proto type's range, rather than reaching the server wrapped, a field given
 * under both its names, and a second member of a oneof.
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
  // The key each field was given under, and the key of the member set in each oneof: protobuf's
  // JSON parsers refuse a field given twice (as priceUsd and price_usd) and a second member of a
  // oneof, so the file would not read in Java or Python either.
  const keyOf = new Map<string, string>();
  const oneofMember = new Map<string, string>();
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const name = camel(key);
    // An own property only: type.fields is a plain object, so `constructor` or `toString` would
    // otherwise be found on its prototype and the value silently dropped.
    const field = Object.hasOwn(type.fields, name) ? type.fields[name] : undefined;
    if (!field) {
      const known = Object.keys(type.fields).join(', ');
      throw new Error(`${where}.${key}: unknown field of ${type.fullName.slice(1)} (known: ${known})`);
    }
    const earlier = keyOf.get(name);
    if (earlier !== undefined) {
      throw new Error(
        `${where}.${key}: ${type.fullName.slice(1)}.${name} is given twice, as "${earlier}" and "${key}" (give it once)`,
      );
    }
    keyOf.set(name, key);
    const oneof = field.partOf;
    if (oneof && v !== null) {
      const other = oneofMember.get(oneof.name);
      if (other !== undefined) {
        throw new Error(
          `${where}.${key}: ${other} is given too, and only one of ${oneof.oneof.join(', ')} may be given ` +
            `(oneof ${oneof.name} of ${type.fullName.slice(1)})`,
        );
      }
      oneofMember.set(oneof.name, key);
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
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** A value for a message: as JSON, but for the numbers JSON has no text for (NaN, Infinity). */
const show = (v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v));

/** The values each integer type of the proto holds; 64-bit ones are strings in proto3 JSON. */
interface IntegerRange {
  min: bigint;
  max: bigint;
  wide: boolean;
}
const INT32: IntegerRange = { min: -(2n ** 31n), max: 2n ** 31n - 1n, wide: false };
const UINT32: IntegerRange = { min: 0n, max: 2n ** 32n - 1n, wide: false };
const INT64: IntegerRange = { min: -(2n ** 63n), max: 2n ** 63n - 1n, wide: true };
const UINT64: IntegerRange = { min: 0n, max: 2n ** 64n - 1n, wide: true };
const INTEGERS: Record<string, IntegerRange> = {
  int32: INT32, sint32: INT32, sfixed32: INT32,
  uint32: UINT32, fixed32: UINT32,
  int64: INT64, sint64: INT64, sfixed64: INT64,
  uint64: UINT64, fixed64: UINT64,
};

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
    throw new Error(`${where}: ${show(v)} is not a ${sub.fullName.slice(1)} (allowed: ${names.join(', ')})`);
  }
  if (FLOATS.has(field.type)) {
    if (typeof v === 'number' && !Number.isFinite(v) && !Number.isNaN(v)) {
      throw new Error(
        `${where}: the number overflows a double (it reads as ${v}; write "Infinity" or "-Infinity" if that is meant)`,
      );
    }
    // A string only in the JSON number grammar (Number() would also read "0x1", "0b1", " 1 ")
    // or as one of the proto3 JSON names of the special values.
    const ok =
      (typeof v === 'number' && Number.isFinite(v)) ||
      (typeof v === 'string' &&
        (['NaN', 'Infinity', '-Infinity'].includes(v) || (JSON_NUMBER.test(v) && Number.isFinite(Number(v)))));
    if (!ok) throw new Error(`${where}: ${show(v)} is not a number (write 0.8, or "NaN"/"Infinity")`);
    return v;
  }
  const range = INTEGERS[field.type];
  if (range) return integer(field.type, range, v, where);
  if (field.type === 'bool' && typeof v !== 'boolean') {
    throw new Error(`${where}: ${show(v)} is not true or false`);
  }
  if (field.type === 'string' && typeof v !== 'string') {
    throw new Error(`${where}: ${show(v)} is not a string`);
  }
  return v;
}

/**
 * An integer of the field's type, refused (with the path and what is allowed) when it is not one
 * or is out of the type's range, as protobuf's JSON parsers refuse it: serializing would otherwise
 * wrap it silently (4294969296 scenarios priced as 2000, a seed of -1 as 0). A 64-bit integer as a
 * JSON number is taken only while it is a safe integer: beyond 2^53 JSON.parse has already rounded
 * it, so the server would price a different seed than the file says; such values go as strings.
 */
function integer(type: string, range: IntegerRange, v: unknown, where: string): unknown {
  const allowed = range.wide
    ? `allowed: a decimal string from "${range.min}" to "${range.max}", or a JSON number from ` +
      `${range.min < 0n ? -Number.MAX_SAFE_INTEGER : 0} to ${Number.MAX_SAFE_INTEGER}`
    : `allowed: integers from ${range.min} to ${range.max}`;
  let n: bigint;
  if (typeof v === 'number' && Number.isInteger(v)) {
    if (range.wide && !Number.isSafeInteger(v)) {
      throw new Error(
        `${where}: ${JSON.stringify(v)} is too large for a JSON number to hold exactly; write the ${type} as a ` +
          `decimal string (${allowed})`,
      );
    }
    n = BigInt(v);
  } else if (typeof v === 'string' && /^-?\d+$/.test(v)) {
    n = BigInt(v);
  } else {
    throw new Error(`${where}: ${show(v)} is not an integer (${type}; ${allowed})`);
  }
  if (n < range.min || n > range.max) {
    throw new Error(`${where}: ${JSON.stringify(v)} is out of range for ${type} (${allowed})`);
  }
  return v;
}

function asArray(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${where}: expected a JSON array`);
  return v;
}

/**
 * Reads a request file (proto3 JSON of the message) and checks it with checkRequest(). A name given
 * twice in one object is refused with its line and column, as protobuf's Python and the command
 * line's parsers refuse it: JSON.parse keeps the last value silently (a second priceUsd would
 * price a different book).
 */
export function readRequestFile(
  file: string,
  message: Parameters<typeof checkRequest>[0] = 'QuoteCoverRequest',
  protoDir?: string,
): Record<string, unknown> {
  let text: string;
  try {
    // fatal: readFileSync(file, 'utf8') would put U+FFFD for each byte that is not UTF-8 (a Latin-1
    // "é" in protocolId would price under another id). The decoder drops a leading byte-order mark,
    // as the command line's parser does.
    text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    throw new Error(`${file}: not UTF-8 text (request files are UTF-8 JSON; convert it, e.g. with iconv -t UTF-8)`);
  }
  const scanned = scanJson(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const at = where(text, scanned.syntaxErrorAt ?? text.length);
    const what = e.message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    throw new Error(`${file}, line ${at.line}, column ${at.column}: ${what} (not valid JSON)`);
  }
  if (scanned.twice) {
    const at = where(text, scanned.twice.at);
    throw new Error(
      `${file}, line ${at.line}, column ${at.column}: the name ${JSON.stringify(scanned.twice.name)} ` +
        'appears twice in the same object (give each field once)',
    );
  }
  return checkRequest(message, json, protoDir);
}

/** The line and column (from 1) of offset `i` in `text`. */
function where(text: string, i: number): { line: number; column: number } {
  const before = text.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * One pass over `text` by the JSON grammar (jsonc-parser's visitor, comments and trailing commas
 * refused): the offset of the first error (JSON.parse refuses the same texts; its message has the
 * position only for some errors, "Unexpected token 'x'" has none), and the first name that appears
 * twice in one object, at its second appearance (JSON.parse keeps the last value silently).
 */
function scanJson(text: string): { syntaxErrorAt?: number; twice?: { name: string; at: number } } {
  let syntaxErrorAt: number | undefined;
  let twice: { name: string; at: number } | undefined;
  const objects: Set<string>[] = [];
  visit(
    text,
    {
      onObjectBegin: () => void objects.push(new Set()),
      onObjectEnd: () => void objects.pop(),
      onObjectProperty: (name, offset) => {
        const names = objects[objects.length - 1];
        if (names.has(name)) twice ??= { name, at: offset };
        names.add(name);
      },
      onError: (_code, offset) => void (syntaxErrorAt ??= offset),
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return { syntaxErrorAt, twice };
}
