// Unit tests without a server: status-details decoding and request-file checking.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { BackstopError, checkRequest, readRequestFile, statusName } from '../src/index.js';
import { PACKAGE_PROTO_DIR } from '../src/protos.js';
import { BUILT_IN_FILE } from './fixtures.js';
import { REPO_ROOT } from './server.js';

const PROTO = path.resolve(__dirname, '../../proto');

function encodeStatus(): Buffer {
  const root = new protobuf.Root();
  root.resolvePath = (_o, t) => (t.startsWith('google/protobuf/') ? t : path.join(PROTO, t));
  root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto']);
  const Status = root.lookupType('google.rpc.Status');
  const BadRequest = root.lookupType('google.rpc.BadRequest');
  const RetryInfo = root.lookupType('google.rpc.RetryInfo');
  const br = BadRequest.encode(
    BadRequest.create({
      fieldViolations: [
        { field: 'exposure.assets[0].price_usd', description: 'must be > 0, is -1' },
        { field: 'exposure.assets[0].annual_volatility', description: 'must be a finite number >= 0, is NaN' },
      ],
    }),
  ).finish();
  const ri = RetryInfo.encode(RetryInfo.create({ retryDelay: { seconds: 2, nanos: 500_000_000 } })).finish();
  return Buffer.from(
    Status.encode(
      Status.create({
        code: 3,
        message: 'the request has 2 bad fields',
        details: [
          { type_url: 'type.googleapis.com/google.rpc.BadRequest', value: br },
          { type_url: 'type.googleapis.com/google.rpc.RetryInfo', value: ri },
        ],
      }),
    ).finish(),
  );
}

describe('BackstopError', () => {
  it('decodes BadRequest and RetryInfo from grpc-status-details-bin', () => {
    const metadata = new grpc.Metadata();
    metadata.set('grpc-status-details-bin', encodeStatus());
    const e = BackstopError.from({ code: 3, details: 'x', message: '3 INVALID_ARGUMENT: x', metadata });
    assert.equal(e.code, 'INVALID_ARGUMENT');
    assert.equal(e.grpcCode, 3);
    assert.equal(e.message, 'the request has 2 bad fields');
    assert.deepEqual(e.fieldViolations, [
      { field: 'exposure.assets[0].price_usd', description: 'must be > 0, is -1' },
      { field: 'exposure.assets[0].annual_volatility', description: 'must be a finite number >= 0, is NaN' },
    ]);
    assert.equal(e.retryDelayMs, 2500);
    assert.match(String(e), /exposure\.assets\[0\]\.price_usd: must be > 0/);
  });

  it('keeps the plain message when there is no details trailer', () => {
    const e = BackstopError.from({ code: 12, details: 'QuoteCover is not available yet', metadata: new grpc.Metadata() });
    assert.equal(e.code, 'UNIMPLEMENTED');
    assert.equal(e.message, 'QuoteCover is not available yet');
    assert.deepEqual(e.fieldViolations, []);
    assert.equal(e.retryDelayMs, undefined);
  });

  it('names every status code', () => {
    assert.equal(statusName(4), 'DEADLINE_EXCEEDED');
    assert.equal(statusName(8), 'RESOURCE_EXHAUSTED');
    assert.equal(statusName(99), 'UNKNOWN');
  });
});

describe('checkRequest', () => {
  it('accepts proto3 JSON names and snake_case, and rejects an unknown field with its path', () => {
    const ok = checkRequest('QuoteCoverRequest', {
      exposure: { assets: [{ id: 'WETH', price_usd: 3000, liquidity: { linearDepth: { usdPerPercent: 1 } } }] },
      settings: { seed: '7' },
    });
    assert.deepEqual(ok, {
      exposure: { assets: [{ id: 'WETH', priceUsd: 3000, liquidity: { linearDepth: { usdPerPercent: 1 } } }] },
      settings: { seed: '7' },
    });
    assert.throws(
      () => checkRequest('QuoteCoverRequest', { exposure: { assets: [{ id: 'WETH', pricUsd: 1 }] } }),
      /QuoteCoverRequest\.exposure\.assets\[0\]\.pricUsd: unknown field of backstop\.v1\.Asset/,
    );
  });

  it('rejects a name that is only on Object.prototype (constructor, toString) as an unknown field', () => {
    assert.throws(
      () => checkRequest('QuoteCoverRequest', { exposure: { assets: [{ id: 'WETH', constructor: 1 }] } }),
      /QuoteCoverRequest\.exposure\.assets\[0\]\.constructor: unknown field of backstop\.v1\.Asset/,
    );
    assert.throws(
      () => checkRequest('QuoteCoverRequest', { settings: { toString: 'x' } }),
      /QuoteCoverRequest\.settings\.toString: unknown field of backstop\.v1\.RunSettings/,
    );
    assert.throws(() => checkRequest('QuoteCoverRequest', { cover: { value_of: 1 } }), /cover\.value_of: unknown field/);
  });

  it('rejects an enum by a name the proto does not have, and a number that is not one, with the path', () => {
    assert.throws(
      () => checkRequest('QuoteCoverRequest', { exposure: { assets: [{ id: 'WETH', assetClass: 'CRYPTO' }] } }),
      /QuoteCoverRequest\.exposure\.assets\[0\]\.assetClass: "CRYPTO" is not a backstop\.v1\.AssetClass \(allowed: ASSET_CLASS_UNSPECIFIED, ASSET_CLASS_CRYPTO/,
    );
    assert.throws(
      () => checkRequest('QuoteCoverRequest', { cover: { limitUsd: 'abc' } }),
      /QuoteCoverRequest\.cover\.limitUsd: "abc" is not a number/,
    );
    assert.throws(
      () => checkRequest('QuoteCoverRequest', { settings: { scenarios: 1.5 } }),
      /QuoteCoverRequest\.settings\.scenarios: 1\.5 is not an integer/,
    );
    const ok = checkRequest('QuoteCoverRequest', {
      exposure: { assets: [{ id: 'WETH', assetClass: 'ASSET_CLASS_CRYPTO', priceUsd: '3000', annualVolatility: 'NaN' }] },
      settings: { seed: '18446744073709551615', confidenceLevels: [0.95, '0.99'] },
    });
    assert.equal((ok.settings as Record<string, unknown>).seed, '18446744073709551615');
  });

  it('takes a string for a double only in the JSON number grammar, or as "NaN"/"Infinity"/"-Infinity"', () => {
    const limit = (v: unknown) => () => checkRequest('QuoteCoverRequest', { cover: { limitUsd: v } });
    // Number() reads these as 1, 1, 7, 1, 0 and 1.
    for (const v of ['0x1', '0b1', '0o7', ' 1', '', '+1', '1.', '.5', '01', 'infinity', '1e400']) {
      assert.throws(limit(v), new RegExp(`cover\\.limitUsd: ${JSON.stringify(v).replace(/[.+]/g, '\\$&')} is not a number`), v);
    }
    for (const v of ['0', '-0.5', '1e3', '2.5E-7', '1e+2', 'NaN', 'Infinity', '-Infinity']) {
      assert.deepEqual(limit(v)(), { cover: { limitUsd: v } }, v);
    }
  });

  it('says a JSON number that overflows a double overflows, rather than "null is not a number"', () => {
    assert.throws(
      () => checkRequest('QuoteCoverRequest', { exposure: { assets: [{ id: 'WETH', annualVolatility: 1e400 }] } }),
      (e: Error) =>
        e.message ===
        'QuoteCoverRequest.exposure.assets[0].annualVolatility: the number overflows a double (it reads as Infinity; ' +
          'write "Infinity" or "-Infinity" if that is meant)',
    );
    assert.throws(() => checkRequest('QuoteCoverRequest', { settings: { scenarios: -1e400 } }), /settings\.scenarios: -Infinity is not an integer/);
  });

  it('refuses an integer out of its proto type\'s range, naming the path and the range', () => {
    const settings = (s: Record<string, unknown>) => () => checkRequest('QuoteCoverRequest', { settings: s });
    // int32: serializing would wrap 4294969296 to 2000 scenarios.
    assert.throws(
      settings({ scenarios: 4294969296 }),
      /QuoteCoverRequest\.settings\.scenarios: 4294969296 is out of range for int32 \(allowed: integers from -2147483648 to 2147483647\)/,
    );
    assert.throws(settings({ scenarios: '2147483648' }), /settings\.scenarios: "2147483648" is out of range for int32/);
    assert.throws(
      () => checkRequest('QuoteCoverRequest', { exposure: { loanBuckets: [{ collateralAssetId: 'WETH', count: 4294967297 }] } }),
      /QuoteCoverRequest\.exposure\.loanBuckets\[0\]\.count: 4294967297 is out of range for int32/,
    );
    // uint64: -1 would be sent as 0.
    assert.throws(
      settings({ seed: -1 }),
      /QuoteCoverRequest\.settings\.seed: -1 is out of range for uint64 \(allowed: a decimal string from "0" to "18446744073709551615", or a JSON number from 0 to 9007199254740991\)/,
    );
    assert.throws(settings({ seed: '-1' }), /settings\.seed: "-1" is out of range for uint64/);
    assert.throws(settings({ seed: '18446744073709551616' }), /settings\.seed: "18446744073709551616" is out of range for uint64/);
    // Integers and strings that are not integers.
    assert.throws(settings({ seed: 1.5 }), /settings\.seed: 1\.5 is not an integer \(uint64; allowed: a decimal string/);
    assert.throws(settings({ seed: '1e3' }), /settings\.seed: "1e3" is not an integer/);
    assert.throws(settings({ scenarios: true }), /settings\.scenarios: true is not an integer \(int32; allowed: integers from/);
    // In range: accepted as given.
    assert.deepEqual(checkRequest('QuoteCoverRequest', { settings: { scenarios: 2147483647, seed: 9007199254740991 } }), {
      settings: { scenarios: 2147483647, seed: 9007199254740991 },
    });
  });

  it('refuses a 64-bit integer as a JSON number beyond 2^53, which JSON.parse has already rounded', () => {
    // 1e30 would be sent as 2^64-1; 2^53+2 survives JSON.parse but 2^53+1 does not, so no number
    // above 2^53-1 can be trusted to be the one the file says.
    assert.throws(
      () => checkRequest('QuoteCoverRequest', { settings: { seed: 1e30 } }),
      /QuoteCoverRequest\.settings\.seed: 1e\+30 is too large for a JSON number to hold exactly; write the uint64 as a decimal string \(allowed: a decimal string from "0" to "18446744073709551615"/,
    );
    assert.throws(
      () => checkRequest('QuoteCoverRequest', { settings: { seed: 2 ** 53 + 2 } }),
      /settings\.seed: 9007199254740994 is too large for a JSON number/,
    );
    // From a file: 12345678901234567891 reads as 12345678901234567000 in JavaScript.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstop-ts-req-'));
    try {
      const file = path.join(dir, 'big-seed.json');
      fs.writeFileSync(file, '{"settings": {"seed": 12345678901234567891}}');
      assert.throws(() => readRequestFile(file), /QuoteCoverRequest\.settings\.seed: 12345678901234567000 is too large/);
      fs.writeFileSync(file, '{"settings": {"seed": "12345678901234567891"}}');
      assert.deepEqual(readRequestFile(file), { settings: { seed: '12345678901234567891' } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses two members of one oneof, and one field under both its JSON names, with the path', () => {
    const liquidity = (l: Record<string, unknown>) => () =>
      checkRequest('QuoteCoverRequest', { exposure: { assets: [{ id: 'WETH', liquidity: l }] } });
    assert.throws(
      liquidity({ linearDepth: { usdPerPercent: 1 }, constantProduct: { baseReserve: 1, quoteReserveUsd: 2 } }),
      /QuoteCoverRequest\.exposure\.assets\[0\]\.liquidity\.constantProduct: linearDepth is given too, and only one of linearDepth, constantProduct, bidLadder may be given \(oneof curve of backstop\.v1\.Liquidity\)/,
    );
    assert.throws(
      liquidity({ bid_ladder: { levels: [] }, linear_depth: { usdPerPercent: 1 } }),
      /liquidity\.linear_depth: bid_ladder is given too, and only one of/,
    );
    // A member given as null is absent, as protobuf's parsers read it.
    assert.deepEqual(liquidity({ linearDepth: { usdPerPercent: 1 }, constantProduct: null })(), {
      exposure: { assets: [{ id: 'WETH', liquidity: { linearDepth: { usdPerPercent: 1 }, constantProduct: null } }] },
    });
    assert.throws(
      () => checkRequest('QuoteCoverRequest', { exposure: { assets: [{ id: 'WETH', priceUsd: 3000, price_usd: 1 }] } }),
      /QuoteCoverRequest\.exposure\.assets\[0\]\.price_usd: backstop\.v1\.Asset\.priceUsd is given twice, as "priceUsd" and "price_usd" \(give it once\)/,
    );
  });
});

describe('readRequestFile', () => {
  it('refuses a name given twice in one object with its line and column, where JSON.parse keeps the last', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstop-ts-req-'));
    try {
      const file = path.join(dir, 'twice.json');
      fs.writeFileSync(file, '{"cover": {\n  "limitUsd": 1,\n  "limitUsd": 2}}');
      assert.throws(
        () => readRequestFile(file),
        (e: Error) =>
          e.message === `${file}, line 3, column 3: the name "limitUsd" appears twice in the same object (give each field once)`,
      );
      // In a nested array's object, behind escapes in names and values.
      fs.writeFileSync(file, '{"exposure": {"assets": [{"id": "a\\"b", "priceUsd": 1, "priceUsd": 2}]}}');
      assert.throws(() => readRequestFile(file), /line 1, column 56: the name "priceUsd" appears twice/);
      fs.writeFileSync(file, '{"exposure": {"protocolId": "p"}, "cover": {"k\\u0031": 1, "k1": 2}}');
      assert.throws(() => readRequestFile(file), /the name "k1" appears twice/);
      // The same name in two objects is two fields.
      fs.writeFileSync(file, '{"cover": {"limitUsd": 1}, "settings": {"seed": "1"}, "exposure": {"assets": [{"id": "a"}, {"id": "b"}]}}');
      assert.deepEqual(readRequestFile(file), {
        cover: { limitUsd: 1 },
        settings: { seed: '1' },
        exposure: { assets: [{ id: 'a' }, { id: 'b' }] },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('refuses a file that is not UTF-8, naming it, rather than reading U+FFFD for its bytes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstop-ts-req-'));
    try {
      const file = path.join(dir, 'latin1.json');
      fs.writeFileSync(file, Buffer.from('{"exposure": {"protocolId": "caf\xe9"}}', 'latin1'));
      assert.throws(() => readRequestFile(file), (e: Error) => e.message.startsWith(`${file}: not UTF-8 text`));
      fs.writeFileSync(file, '{"exposure": {"protocolId": "caf\u00e9"}}');
      assert.deepEqual(readRequestFile(file), { exposure: { protocolId: 'caf\u00e9' } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a file behind a byte-order mark, as the command line does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstop-ts-req-'));
    try {
      const file = path.join(dir, 'bom.json');
      fs.writeFileSync(file, '\ufeff{"cover": {\n  "limitUsd": 1,\n  "limitUsd": 2}}');
      // Columns count from after the mark.
      assert.throws(() => readRequestFile(file), /bom\.json, line 3, column 3: the name "limitUsd" appears twice/);
      fs.writeFileSync(file, '\ufeff{"cover": {"limitUsd": 1}}');
      assert.deepEqual(readRequestFile(file), { cover: { limitUsd: 1 } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the line and column of a JSON syntax error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstop-ts-req-'));
    try {
      const file = path.join(dir, 'syntax.json');
      const cases: [string, number, number][] = [
        ['{"cover": {\n  "limitUsd": 1,\n}}', 3, 1], // trailing comma
        ['{"cover": {\n  "limitUsd": tru}}', 2, 15], // the bad token's start; no position in V8's message
        ['{"cover": {\n  "limitUsd": 0x1}}', 2, 16],
        ['{"cover": {"limitUsd": 1}', 1, 26], // end of input
        ['{"cover": {}} x', 1, 15],
        ['{\n  // a comment\n}', 2, 3],
        ["{'cover': {}}", 1, 2],
        ['{"a": [1,]}', 1, 10], // trailing comma in an array
        ['{"a": "x\u0001y"}', 1, 7], // a control character: the string's start
        ['', 1, 1],
      ];
      for (const [text, line, column] of cases) {
        fs.writeFileSync(file, text);
        assert.throws(
          () => readRequestFile(file),
          (e: Error) => e.message.startsWith(`${file}, line ${line}, column ${column}: `) && e.message.endsWith('(not valid JSON)'),
          JSON.stringify(text),
        );
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('packed package', () => {
  it('carries the contract: the build copies backstop/v1 into its proto/, and requests check against the copy', () => {
    const contract = path.join(REPO_ROOT, 'proto/src/main/proto/backstop/v1');
    const copy = path.join(PACKAGE_PROTO_DIR, 'backstop/v1');
    assert.ok(fs.existsSync(copy), `${copy} is missing: npm run build copies the contract there`);
    const files = fs.readdirSync(contract).filter((f) => f.endsWith('.proto')).sort();
    assert.deepEqual(fs.readdirSync(copy).sort(), files);
    for (const f of files) {
      assert.ok(fs.readFileSync(path.join(copy, f)).equals(fs.readFileSync(path.join(contract, f))), `${f} differs from the contract`);
    }
    assert.throws(
      () => checkRequest('QuoteCoverRequest', { settings: { scenarios: 4294969296 } }, PACKAGE_PROTO_DIR),
      /settings\.scenarios: 4294969296 is out of range for int32/,
    );
  });
});

describe('examples/quote', () => {
  it('exits 2 before any call for a number the proto does not accept', async () => {
    const script = path.resolve(__dirname, '../examples/quote.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstop-ts-req-'));
    try {
      const file = path.join(dir, 'scenarios.json');
      const request = JSON.parse(fs.readFileSync(BUILT_IN_FILE, 'utf8'));
      request.settings = { ...request.settings, scenarios: 4294969296 };
      fs.writeFileSync(file, JSON.stringify(request));
      // Nothing listens on port 1: a call would fail UNAVAILABLE with exit 1, not 2.
      const { code, stderr } = await run(process.execPath, [script, '--target', '127.0.0.1:1', file]);
      assert.equal(code, 2, stderr);
      assert.match(stderr, /settings\.scenarios: 4294969296 is out of range for int32/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a --deadline-ms that is not a positive number with the usage message, exit 2', async () => {
    const script = path.resolve(__dirname, '../examples/quote.js');
    for (const value of ['abc', '0', '-5', '', 'Infinity']) {
      // Nothing listens on port 1: a call would fail with exit 1 (or 4, DEADLINE_EXCEEDED, for NaN).
      const { code, stderr } = await run(process.execPath, [script, '--target', '127.0.0.1:1', '--deadline-ms', value, BUILT_IN_FILE]);
      assert.equal(code, 2, `--deadline-ms ${JSON.stringify(value)}: ${stderr}`);
      assert.match(stderr, /--deadline-ms must be a positive number of milliseconds, was "/);
      assert.match(stderr, /usage: quote /);
    }
  });
});

function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
