// End-to-end tests of @backstop/client against one real Backstop server per run.
//
// GetModelInfo must list exactly the five RPCs of the contract in availableRpcs, and each must
// return sane results: no test passes because the server lacks an RPC.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BackstopError,
  connect,
  type BackstopClient,
  type GetModelInfoResponse,
  type QuoteCoverRequest,
  type QuoteCoverResponse,
  type QuoteProgress,
} from '../src/index.js';
import { REPO_ROOT, startServer, type RunningServer } from './server.js';
import { exampleFile, exampleRequest } from './fixtures.js';

const ALL_RPCS = ['QuoteCover', 'StreamQuoteCover', 'AssessCollateral', 'StressTest', 'GetModelInfo'];

let server: RunningServer | undefined;
let client: BackstopClient;
let info: GetModelInfoResponse;
const { request, source } = exampleRequest();

before(async () => {
  server = await startServer(60_000);
  client = connect(server.target, { defaultDeadlineMs: 120_000 });
  info = await client.modelInfo();
  console.log(`# server ${server.target} (log ${server.logFile}); request: ${source}; ` +
    `availableRpcs: ${info.availableRpcs.join(', ')}`);
});

after(async () => {
  client?.close();
  await server?.stop();
});

/** Runs `call`, an RPC that availableRpcs must list, and checks its result. */
async function checkRpc<T>(rpc: string, call: () => Promise<T>, check: (result: T) => void | Promise<void>): Promise<void> {
  assert.ok(info.availableRpcs.includes(rpc), `${rpc} is not in availableRpcs: ${info.availableRpcs}`);
  await check(await call());
}

const isHex64 = (s: string) => /^[0-9a-f]{64}$/.test(s);

function collateralAssetIds(req: QuoteCoverRequest): string[] {
  return [...new Set((req.exposure?.loanBuckets ?? []).map((b) => b.collateralAssetId as string))].sort();
}

function withoutElapsed(r: QuoteCoverResponse): QuoteCoverResponse {
  const copy = structuredClone(r);
  if (copy.provenance) delete (copy.provenance as { elapsedMillis?: string }).elapsedMillis;
  return copy;
}

describe('health and reflection', () => {
  it('answers SERVING overall and for backstop.v1.PricingService', async () => {
    assert.equal(await client.health(), 'SERVING');
    assert.equal(await client.health('backstop.v1.PricingService'), 'SERVING');
  });

  it('lists backstop.v1.PricingService and grpc.health.v1.Health by server reflection', async () => {
    const services = await client.listServices();
    assert.ok(services.includes('backstop.v1.PricingService'), `services: ${services}`);
    assert.ok(services.includes('grpc.health.v1.Health'), `services: ${services}`);
  });
});

describe('GetModelInfo', () => {
  it('gives the model version, positive limits and the documented default settings', () => {
    assert.ok(info.modelVersion.length > 0, 'modelVersion must not be empty');
    const limits = info.limits;
    assert.ok(limits, 'limits must be set');
    for (const [name, value] of Object.entries(limits)) {
      assert.ok(Number(value) > 0, `limits.${name} must be positive, is ${value}`);
    }
    const d = info.defaultSettings;
    assert.ok(d, 'defaultSettings must be set');
    assert.equal(d.scenarios, 10_000);
    assert.equal(d.horizonHours, 24);
    assert.equal(d.stepMinutes, 15);
  });

  it('lists exactly the five RPCs of the contract in availableRpcs', () => {
    assert.deepEqual([...info.availableRpcs].sort(), [...ALL_RPCS].sort());
  });
});

describe('engine RPCs on the example request', () => {
  it('QuoteCover', async () => {
    await checkRpc('QuoteCover', () => client.quote(request), (r) => {
      assert.ok(r.premium && r.tailLoss && r.provenance && r.cascade, 'premium, tailLoss, cascade, provenance set');
      assert.ok(Number.isFinite(r.premium.premiumUsd) && r.premium.premiumUsd >= 0, `premiumUsd ${r.premium.premiumUsd}`);
      assert.ok(r.tailLoss.levels.length > 0, 'tailLoss.levels must not be empty');
      for (const l of r.tailLoss.levels) {
        assert.ok(l.esUsd >= l.varUsd, `ES ${l.esUsd} < VaR ${l.varUsd} at ${l.confidence}`);
      }
      assert.ok(isHex64(r.provenance.requestSha256), `requestSha256 ${r.provenance.requestSha256}`);
      assert.equal(r.provenance.modelVersion, info.modelVersion);
      const scenarios = request.settings?.scenarios || info.defaultSettings?.scenarios;
      assert.equal(r.provenance.scenarios, scenarios);
    });
  });

  it('StreamQuoteCover', async () => {
    const progress: QuoteProgress[] = [];
    await checkRpc(
      'StreamQuoteCover',
      () => client.streamQuote(request, (p) => progress.push(p)),
      async (result) => {
        assert.ok(progress.length >= 1, 'at least one progress event before the result');
        let last = 0;
        for (const p of progress) {
          assert.ok(p.fractionDone >= 0 && p.fractionDone <= 1, `fractionDone ${p.fractionDone} outside [0, 1]`);
          assert.ok(p.fractionDone >= last, `fractionDone went down: ${last} -> ${p.fractionDone}`);
          last = p.fractionDone;
        }
        const unary = await client.quote(request);
        assert.deepEqual(withoutElapsed(result), withoutElapsed(unary));
      },
    );
  });

  it('AssessCollateral', async () => {
    const req = { exposure: request.exposure, targetProbability: 0.01, settings: request.settings };
    await checkRpc('AssessCollateral', () => client.assessCollateral(req), (r) => {
      const expected = collateralAssetIds(request);
      const got = r.collateral.map((c) => c.assetId);
      assert.equal(new Set(got).size, got.length, `one entry per asset, got ${got}`);
      const assetIds = (request.exposure?.assets ?? []).map((a) => a.id);
      for (const id of expected) assert.ok(got.includes(id), `no recommendation for collateral asset ${id}`);
      for (const id of got) assert.ok(assetIds.includes(id), `recommendation for unknown asset ${id}`);
      for (const c of r.collateral) {
        assert.ok(
          0 < c.maxLtv && c.maxLtv < c.liquidationThreshold && c.liquidationThreshold < 1,
          `${c.assetId}: need 0 < maxLtv (${c.maxLtv}) < liquidationThreshold (${c.liquidationThreshold}) < 1`,
        );
      }
      assert.equal(r.provenance?.modelVersion, info.modelVersion);
    });
  });

  it('StressTest', async () => {
    const shocks = (request.exposure?.assets ?? []).map((a) => ({ assetId: a.id, shockFraction: -0.3 }));
    await checkRpc('StressTest', () => client.stress({ exposure: request.exposure, shocks }), (r) => {
      assert.ok(r.rounds.length > 0, 'rounds must not be empty');
      assert.equal(r.rounds[0].round, 0, 'round 0 is the shock itself');
      assert.ok(Number.isFinite(r.badDebtUsd) && r.badDebtUsd >= 0, `badDebtUsd ${r.badDebtUsd}`);
      assert.ok(r.liquidatedUsd >= 0, `liquidatedUsd ${r.liquidatedUsd}`);
    });
  });
});

describe('errors', () => {
  it('a negative price and a NaN volatility are INVALID_ARGUMENT with BadRequest field violations', async () => {
    const bad = structuredClone(request);
    const asset = bad.exposure!.assets![0];
    asset.priceUsd = -1;
    asset.annualVolatility = NaN;
    await assert.rejects(client.quote(bad), (e: unknown) => {
      assert.ok(e instanceof BackstopError, String(e));
      assert.equal(e.code, 'INVALID_ARGUMENT', `expected INVALID_ARGUMENT, got ${e}`);
      const fields = e.fieldViolations.map((v) => v.field);
      assert.ok(fields.includes('exposure.assets[0].price_usd'), `field violations: ${fields}`);
      assert.ok(fields.includes('exposure.assets[0].annual_volatility'), `field violations: ${fields}`);
      for (const v of e.fieldViolations) assert.ok(v.description.length > 0, `empty description for ${v.field}`);
      return true;
    });
  });

  it('a 1 ms deadline fails with DEADLINE_EXCEEDED, and the client keeps working', async () => {
    const call = client.quote(request, { deadlineMs: 1 });
    // Hold the event loop past the deadline, so the deadline timer fires before any answer can
    // be read: the outcome does not depend on how fast the server answers.
    const until = Date.now() + 5;
    while (Date.now() < until) {
      /* spin */
    }
    await assert.rejects(call, (e: unknown) => {
      assert.ok(e instanceof BackstopError, String(e));
      assert.equal(e.code, 'DEADLINE_EXCEEDED', `expected DEADLINE_EXCEEDED, got ${e}`);
      return true;
    });
    assert.equal((await client.modelInfo()).modelVersion, info.modelVersion);
  });

  it('an unknown health service is not SERVING', async () => {
    // The gRPC health spec says NOT_FOUND; quarkus-grpc answers status UNKNOWN. Either is fine here.
    const status = await client.health('backstop.v1.NoSuchService').catch((e: unknown) => {
      assert.ok(e instanceof BackstopError, String(e));
      assert.equal(e.code, 'NOT_FOUND');
      return 'NOT_FOUND';
    });
    assert.notEqual(status, 'SERVING');
  });
});

describe('examples/quote', () => {
  it('prints the premium breakdown', async () => {
    const script = path.resolve(__dirname, '../examples/quote.js');
    const file = exampleFile();
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [script, '--target', server!.target, file], (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /premium/i);
    assert.match(stdout, /expected loss/i);
  });

  it('prints the figures as `./backstop quote FILE` prints them for the same file', async () => {
    const file = exampleFile();
    const example = await run(process.execPath, [path.resolve(__dirname, '../examples/quote.js'), '--target', server!.target, file]);
    assert.equal(example.code, 0, example.stderr);
    // The command line prices the same request in-process: the same numbers to the bit.
    const cli = await run(path.join(REPO_ROOT, 'backstop'), ['quote', file], {
      ...process.env,
      BACKSTOP_NO_BUILD: '1',
      BACKSTOP_PROGRESS: '0',
    });
    assert.equal(cli.code, 0, cli.stderr);

    // SummaryPrinter's rows: "  %-34s %s", the label indented within its 34 columns.
    const java = new Map<string, string>();
    for (const line of cli.stdout.split('\n')) {
      if (line.length > 37 && line.startsWith('  ') && line[36] === ' ') java.set(line.slice(2, 36).trimEnd(), line.slice(37));
    }
    const figure = (label: string, cut?: string) => {
      const value = java.get(label);
      assert.ok(value !== undefined, `no "${label}" row in the command line's output:\n${cli.stdout}`);
      return cut === undefined ? value : value.split(cut)[0];
    };
    const expected: [string, string][] = [
      ['premium', figure('Premium', '  (')],
      ['  expected loss', figure('  expected loss')],
      ['  risk load', figure('  risk load')],
      ['  expense load', figure('  expense load')],
      ['rate on line', figure('Rate on line')],
      ['layer hit probability', figure('Layer hit probability (term)')],
    ];
    for (const label of java.keys()) {
      if (label.startsWith('VaR / ES ')) expected.push([label, figure(label, '  (ES')]);
    }
    // (· and ± are ? where Java's stdout is not UTF-8, e.g. under LANG=C: matched as any character.)
    const pv = /id (\S+) . model (\S+) . seed \d+ . ([\d,]+) scenarios ./.exec(cli.stdout);
    assert.ok(pv, `no provenance line in the command line's output:\n${cli.stdout}`);

    // The example's rows: label, then the value at one column for all.
    const lines = example.stdout.trimEnd().split('\n');
    const column = lines[0].indexOf('$');
    const rows = lines.map((l) => [l.slice(0, column).trimEnd(), l.slice(column)] as [string, string]);
    assert.deepEqual(rows.slice(0, -1), expected, `the example's output:\n${example.stdout}`);
    const [label, value] = rows[rows.length - 1];
    assert.equal(label, 'quote');
    assert.match(value, new RegExp(`^${pv[1]} \\(model ${pv[2].replace(/\./g, '\\.')}, ${pv[3]} scenarios, \\d{1,3}(,\\d{3})* ms\\)$`));
  });
});

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * The example request at 200,000 scenarios: a quote that runs for seconds (about 10 s on two
 * cores), so a cancellation that does not reach the server shows as a late answer or an OK.
 */
function bigRequest(): QuoteCoverRequest {
  const big = structuredClone(request);
  big.settings = { ...big.settings, scenarios: 200_000 };
  return big;
}

/** Rejects with CANCELLED, at most `withinMs` after `since`, with a message matching `reason`. */
async function assertCancelled(call: Promise<unknown>, since: () => number, reason: RegExp, withinMs = 2000) {
  await assert.rejects(call, (e: unknown) => {
    const late = Date.now() - since();
    assert.ok(e instanceof BackstopError, `expected a BackstopError, got ${String(e)}`);
    assert.equal(e.code, 'CANCELLED', `expected CANCELLED, got ${e}`);
    assert.match(e.message, reason);
    assert.ok(late < withinMs, `rejected ${late} ms after the cancellation, expected under ${withinMs} ms`);
    return true;
  });
}

describe('cancellation', () => {
  it('an AbortSignal aborted at the first progress event cancels a stream: CANCELLED at once', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const call = client.streamQuote(
      bigRequest(),
      () => {
        if (abortedAt === 0) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
      { signal: controller.signal },
    );
    await assertCancelled(call, () => abortedAt, /cancelled by the caller \(AbortSignal\)/);
    assert.ok(abortedAt > 0, 'no progress event arrived');
    await noCallInFlight(server!.managementPort, 1000);
  });

  it('an AbortSignal aborted 300 ms into a unary quote cancels it', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const timer = setTimeout(() => {
      abortedAt = Date.now();
      controller.abort();
    }, 300);
    try {
      await assertCancelled(client.quote(bigRequest(), { signal: controller.signal }), () => abortedAt, /AbortSignal/);
    } finally {
      clearTimeout(timer);
    }
    await noCallInFlight(server!.managementPort, 1000);
    // A signal already aborted: the call is not started.
    const again = Date.now();
    await assertCancelled(client.quote(request, { signal: controller.signal }), () => again, /before the call started/);
    assert.equal((await client.modelInfo()).modelVersion, info.modelVersion);
  });

  it('close() cancels the calls in flight', async () => {
    const own = connect(server!.target);
    const call = own.quote(bigRequest());
    await new Promise((r) => setTimeout(r, 300));
    const closedAt = Date.now();
    own.close();
    await assertCancelled(call, () => closedAt, /the client was closed/);
    await noCallInFlight(server!.managementPort, 1000);
  });

  it('an exception thrown by onProgress rejects the call as it was thrown', async () => {
    const mine = new RangeError('the progress bar broke');
    let thrownAt = 0;
    await assert.rejects(
      client.streamQuote(bigRequest(), () => {
        thrownAt = Date.now();
        throw mine;
      }),
      (e: unknown) => {
        assert.equal(e, mine, `expected the callback's own exception, got ${String(e)}`);
        assert.ok(Date.now() - thrownAt < 2000, 'rejected long after the callback threw');
        return true;
      },
    );
    await noCallInFlight(server!.managementPort, 1000);
  });
});

/** The server's backstop_calls_in_flight gauge, or undefined while it does not answer. */
async function callsInFlight(managementPort: number): Promise<number | undefined> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${managementPort}/q/metrics`)).text();
    const m = /^backstop_calls_in_flight\s+([0-9.eE+-]+)/m.exec(text);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined; // not answering yet
  }
}

/** Resolves once the server's backstop_calls_in_flight gauge is at least 1 (at most timeoutMs). */
async function callInFlight(managementPort: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (((await callsInFlight(managementPort)) ?? 0) >= 1) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no call in flight on the server within ${timeoutMs} ms`);
}

/**
 * Resolves once the server holds no call (at most timeoutMs): grpc-js rejects a cancelled call
 * locally, so only the server's gauge shows that the cancellation reached it.
 */
async function noCallInFlight(managementPort: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: number | undefined;
  for (;;) {
    last = await callsInFlight(managementPort);
    if (last === 0) return;
    if (Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`backstop_calls_in_flight is ${last} ${timeoutMs} ms after the cancellation: the server did not stop the call`);
}

describe('examples/quote cancellation', () => {
  it('Ctrl-C (SIGINT) cancels the call, says so and exits 130', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstop-ts-sigint-'));
    try {
      const file = path.join(dir, 'big.json');
      fs.writeFileSync(file, JSON.stringify(bigRequest()));
      const script = path.resolve(__dirname, '../examples/quote.js');
      const child = spawn(process.execPath, [script, '--target', server!.target, file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      // Interrupt once the server holds the script's call (its in-flight gauge), not after a fixed
      // wait that a slow start could outlast.
      await callInFlight(server!.managementPort, 30_000);
      const interruptedAt = Date.now();
      child.kill('SIGINT');
      const { code, signal } = await exited;
      assert.equal(signal, null, `the script died of ${signal} instead of handling it; stderr: ${stderr}`);
      assert.equal(code, 130, stderr);
      assert.match(stderr, /cancelled/);
      assert.ok(Date.now() - interruptedAt < 2000, 'the script took long to exit after Ctrl-C');
      await noCallInFlight(server!.managementPort, 1000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
