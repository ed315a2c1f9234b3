#!/usr/bin/python3
"""Price a request file against a running Backstop server and print the premium breakdown
and the collateral table.

    /usr/bin/python3 clients/python/examples/quote.py examples/crypto-lending.json \
        --target localhost:9000 [--scenarios 2000] [--timeout 120] [--tls] [--ca ca.pem]

The file is the proto3 JSON of backstop.v1.QuoteCoverRequest, read with protobuf's own
json_format. Exit codes: 0 ok, 2 bad input (file, --ca file or INVALID_ARGUMENT), 1 anything
else, 130 interrupted (Ctrl-C cancels the call).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Run from a checkout without installing: the package is the folder above this one.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import grpc  # noqa: E402
from google.protobuf import json_format  # noqa: E402

from backstop_client import BackstopError, connect, load_request, pb  # noqa: E402
from backstop_client import exposure_pb2  # noqa: E402
from summary_format import count, pct, plain, usd  # noqa: E402  (next to this script)


def print_premium(q: pb.QuoteCoverResponse) -> None:
    """The figures as `./backstop quote FILE` writes them: $949,038, $2.55M, 1.90%, 10,000."""
    p = q.premium
    print("Premium breakdown (USD, whole term)")
    rows = [
        ("expected loss", p.expected_loss_usd),
        ("risk load", p.risk_load_usd),
        ("expense load", p.expense_load_usd),
        ("premium", p.premium_usd),
    ]
    for name, value in rows:
        print(f"  {name:<16}{usd(value):>18}")
    print(f"  {'rate on line':<16}{pct(p.rate_on_line):>18}")
    print(f"  {'P(layer hit)':<16}{pct(p.layer_hit_probability):>18}")
    print(f"  {'MC std error':<16}{usd(p.premium_std_error_usd):>18}")
    t = q.tail_loss
    if t.levels:
        print("Tail loss per horizon (USD)")
        print(f"  {'confidence':>10} {'VaR':>18} {'ES':>18}")
        for level in t.levels:
            print(f"  {pct(level.confidence):>10} {usd(level.var_usd):>18} {usd(level.es_usd):>18}")
    pr = q.provenance
    print(f"Quote {pr.quote_id}  model {pr.model_version}  seed {pr.seed}  "
          f"{count(pr.scenarios)} scenarios  {count(pr.elapsed_millis)} ms")


def print_collateral(collateral) -> None:
    print("Collateral")
    header = (f"  {'asset':<10}{'class':<12}{'max LTV':>9}{'LT':>8}{'bonus':>8}"
              f"{'haircut':>9}{'horizon':>11}{'LTV lowvol':>11}{'LTV hivol':>10}")
    print(header)
    for c in collateral:
        cls = exposure_pb2.AssetClass.Name(c.asset_class).removeprefix("ASSET_CLASS_").lower()
        horizon = plain(c.liquidation_horizon_hours) + "h"
        print(f"  {c.asset_id:<10}{cls:<12}{pct(c.max_ltv):>9}{pct(c.liquidation_threshold):>8}"
              f"{pct(c.liquidation_bonus):>8}{pct(c.haircut.total):>9}{horizon:>11}"
              f"{pct(c.low_volatility.max_ltv):>11}{pct(c.high_volatility.max_ltv):>10}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", help="QuoteCoverRequest as proto3 JSON (e.g. examples/crypto-lending.json)")
    ap.add_argument("--target", default="localhost:9000", help="host:port (default localhost:9000)")
    ap.add_argument("--scenarios", type=int, help="override settings.scenarios")
    ap.add_argument("--timeout", type=float, default=300.0, help="deadline in seconds (default 300)")
    ap.add_argument("--tls", action="store_true", help="use TLS (system roots unless --ca)")
    ap.add_argument("--ca", help="PEM file of a private CA (implies --tls)")
    ap.add_argument("--progress", action="store_true", help="stream the quote and show progress")
    args = ap.parse_args(argv)

    try:
        request = load_request(args.file)
    except (OSError, json_format.ParseError) as e:
        print(f"quote.py: cannot read {args.file}: {e}", file=sys.stderr)
        return 2
    if args.scenarios is not None:
        try:
            request.settings.scenarios = args.scenarios
        except ValueError as e:  # outside int32
            print(f"quote.py: --scenarios {args.scenarios}: {e}", file=sys.stderr)
            return 2

    tls = None
    if args.tls or args.ca:
        tls = {}
        if args.ca:
            try:  # read here, so that a missing file is bad input rather than a traceback
                tls["root_certificates"] = Path(args.ca).read_bytes()
            except OSError as e:
                print(f"quote.py: cannot read --ca {args.ca}: {e.strerror or e}", file=sys.stderr)
                return 2

    progress_shown = False

    def progress(p: pb.QuoteProgress) -> None:
        nonlocal progress_shown
        progress_shown = True  # first: Ctrl-C may interrupt right after the print
        print(f"\r  {p.stage:<12}{p.fraction_done:6.1%}  {p.estimated_seconds_left:5.0f} s left",
              end="", file=sys.stderr, flush=True)

    def end_progress() -> None:
        """Ends the progress line, so that what is printed next starts on a line of its own."""
        nonlocal progress_shown
        if progress_shown:
            print(file=sys.stderr)
            progress_shown = False

    try:
        # Leaving the block closes the channel, which cancels a call still in flight.
        with connect(args.target, tls) as client:
            if args.progress:
                response = client.stream_quote(request, progress, timeout=args.timeout)
            else:
                response = client.quote(request, timeout=args.timeout)
    except BackstopError as e:
        end_progress()
        print(f"quote.py: {e}", file=sys.stderr)
        return 2 if e.code == grpc.StatusCode.INVALID_ARGUMENT else 1
    except KeyboardInterrupt:
        end_progress()
        print("quote.py: cancelled: interrupted (Ctrl-C), the quote was cancelled", file=sys.stderr)
        return 130  # 128 + SIGINT, as a shell reports a process Ctrl-C stopped
    end_progress()
    print_premium(response)
    print_collateral(response.collateral)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # before or after the call: nothing to cancel
        print("\nquote.py: interrupted (Ctrl-C)", file=sys.stderr)
        sys.exit(130)
