// Prices a cover layer from a request file and prints the premium breakdown.
//
//   node dist/examples/quote.js [--target host:port] [--deadline-ms N] request.json
//
// The request file is the proto3 JSON of backstop.v1.QuoteCoverRequest (e.g. the repository's
// examples/crypto-lending.json). The target defaults to $BACKSTOP_TARGET or localhost:9000.
// Ctrl-C cancels the call (the server stops the simulation) and exits 130.
import { BackstopError, connect, readRequestFile, type QuoteCoverRequest } from '../src/index.js';
import { count, pct, usd } from './summary-format.js';

function usage(code = 2): never {
  (code === 0 ? console.log : console.error)('usage: quote [--target host:port] [--deadline-ms N] request.json');
  process.exit(code);
}

/** A deadline in ms: a positive finite number, else the usage message and exit 2. */
function deadline(value: string | undefined): number {
  const ms = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(ms) || ms <= 0) {
    console.error(`quote: --deadline-ms must be a positive number of milliseconds, was ${JSON.stringify(value ?? '')}`);
    usage();
  }
  return ms;
}

async function main(argv: string[]): Promise<number> {
  // Ctrl-C cancels the call rather than killing the process under it; a second one kills.
  const interrupted = new AbortController();
  process.once('SIGINT', () => interrupted.abort());
  let target = process.env.BACKSTOP_TARGET ?? 'localhost:9000';
  let deadlineMs = 300_000;
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--target') target = argv[++i] ?? usage();
    else if (a === '--deadline-ms') deadlineMs = deadline(argv[++i]);
    else if (a === '-h' || a === '--help') usage(0);
    else if (a.startsWith('-')) usage();
    else file = a;
  }
  if (!file) usage();

  let request: QuoteCoverRequest;
  try {
    request = readRequestFile(file, 'QuoteCoverRequest') as QuoteCoverRequest;
  } catch (e) {
    console.error(`bad request file ${file}: ${(e as Error).message}`);
    return 2;
  }
  const client = connect(target);
  // Progress on a terminal only, redrawn in place; the line is ended before anything else prints.
  const tty = process.stderr.isTTY === true;
  let progressShown = false;
  const endProgress = () => {
    if (progressShown) process.stderr.write('\n');
    progressShown = false;
  };
  try {
    const r = await client.streamQuote(
      request,
      (p) => {
        if (!tty) return;
        process.stderr.write(`\r${p.stage || 'running'} ${(100 * p.fractionDone).toFixed(0)}%   `);
        progressShown = true;
      },
      { deadlineMs, signal: interrupted.signal },
    );
    endProgress();
    const p = r.premium!;
    // Figures as `./backstop quote FILE` writes them: $949,038, $2.55M, 1.90%, 10,000.
    const rows: [string, string][] = [
      ['premium', usd(p.premiumUsd)],
      ['  expected loss', usd(p.expectedLossUsd)],
      ['  risk load', usd(p.riskLoadUsd)],
      ['  expense load', usd(p.expenseLoadUsd)],
      ['rate on line', pct(p.rateOnLine)],
      ['layer hit probability', pct(p.layerHitProbability)],
    ];
    for (const l of r.tailLoss?.levels ?? []) {
      rows.push([`VaR / ES ${pct(l.confidence)}`, `${usd(l.varUsd)} / ${usd(l.esUsd)}`]);
    }
    const pv = r.provenance;
    if (pv) rows.push(['quote', `${pv.quoteId} (model ${pv.modelVersion}, ${count(pv.scenarios)} scenarios, ${count(pv.elapsedMillis)} ms)`]);
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
    return 0;
  } catch (e) {
    endProgress();
    if (interrupted.signal.aborted) {
      console.error('cancelled: interrupted (Ctrl-C), the quote was cancelled');
      return 130; // 128 + SIGINT, as a shell reports a process Ctrl-C stopped
    }
    const err = BackstopError.from(e);
    console.error(`error ${err.code}: ${err.message}`);
    for (const v of err.fieldViolations) console.error(`  ${v.field}: ${v.description}`);
    if (err.retryDelayMs !== undefined) console.error(`  retry after ${err.retryDelayMs} ms`);
    // As the command line: 2 for a request the server refused as invalid, 1 for anything else.
    return err.fieldViolations.length > 0 || String(err.code) === 'INVALID_ARGUMENT' ? 2 : 1;
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
