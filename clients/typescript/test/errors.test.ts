// Unit tests without a server: status-details decoding and request-file checking.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { BackstopError, checkRequest, statusName } from '../src/index.js';

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
});
