"""End-to-end tests of backstop_client against the built server, plus offline checks.

Run with Debian's interpreter (python3-grpcio, python3-protobuf):

    /usr/bin/python3 -m unittest discover -s clients/python/tests -v

The module regenerates the stubs (scripts/generate.sh), starts one server
(service/target/quarkus-app/quarkus-run.jar, built with `mvn -DskipTests package`) on free
ports for the whole run and kills it at the end, even on failure.

Every RPC test follows the contract and cannot pass vacuously: GetModelInfo must list exactly
the five RPCs in available_rpcs, and each must answer with sane figures that agree with the
in-process launcher (`./backstop ... --json`, provenance.elapsed_millis aside).
"""

from __future__ import annotations

import atexit
import difflib
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request
from pathlib import Path
from typing import Optional, Type, TypeVar

PKG = Path(__file__).resolve().parents[1]  # clients/python
ROOT = PKG.parents[1]  # repository root
JAR = ROOT / "service" / "target" / "quarkus-app" / "quarkus-run.jar"
LAUNCHER = ROOT / "backstop"
EXAMPLE = ROOT / "examples" / "crypto-lending.json"
SCENARIOS = 2000  # keeps the tests fast on a shared 2-core machine
START_TIMEOUT = float(os.environ.get("BACKSTOP_TEST_START_TIMEOUT", "60"))
CALL_TIMEOUT = float(os.environ.get("BACKSTOP_TEST_CALL_TIMEOUT", "300"))

# Generated code is built, never committed: regenerate before importing the package.
if os.environ.get("BACKSTOP_SKIP_GENERATE") != "1":
    subprocess.run(["bash", str(PKG / "scripts" / "generate.sh")], check=True)
sys.path.insert(0, str(PKG))

import grpc  # noqa: E402
from google.protobuf import json_format, text_format  # noqa: E402
from google.protobuf.message import Message  # noqa: E402

from backstop_client import (  # noqa: E402
    BackstopClient,
    BackstopError,
    FieldViolation,
    collateral_request,
    connect,
    load_request,
    pb,
    stress_request,
)
from backstop_client import _support  # noqa: E402

M = TypeVar("M", bound=Message)
ALL_RPCS = {"QuoteCover", "StreamQuoteCover", "AssessCollateral", "StressTest", "GetModelInfo"}

_server: Optional[subprocess.Popen] = None
_server_log: Optional[Path] = None
_workdir: Optional[Path] = None
TARGET = ""
MANAGEMENT_PORT = 0
CLIENT: Optional[BackstopClient] = None
INFO: Optional[pb.GetModelInfoResponse] = None


# ---------------------------------------------------------------------------------------
# server lifecycle


def _free_port(taken: set[int]) -> int:
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in taken:
            return port


def _log_tail(lines: int = 40) -> str:
    if _server_log is None or not _server_log.exists():
        return "(no server log)"
    text = _server_log.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def _stop_server() -> None:
    global _server, CLIENT
    if CLIENT is not None:
        CLIENT.close()
        CLIENT = None
    if _server is not None and _server.poll() is None:
        _server.terminate()
        try:
            _server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            _server.kill()
            _server.wait(timeout=15)
    _server = None


def setUpModule() -> None:
    global _server, _server_log, _workdir, TARGET, MANAGEMENT_PORT, CLIENT, INFO
    if not JAR.is_file():
        raise RuntimeError(
            f"{JAR.relative_to(ROOT)} is missing: build the server first with "
            "`mvn -B -DskipTests package` at the repository root"
        )
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java (17) is not on PATH; the tests start the built server with it")
    _workdir = Path(tempfile.mkdtemp(prefix="backstop-py-tests-"))
    _server_log = _workdir / "server.log"
    port = _free_port(set())
    mport = _free_port({port})
    MANAGEMENT_PORT = mport
    TARGET = f"127.0.0.1:{port}"
    atexit.register(_stop_server)  # also when the runner dies before tearDownModule
    with open(_server_log, "wb") as log:
        _server = subprocess.Popen(
            [java, f"-Dquarkus.http.port={port}", f"-Dquarkus.management.port={mport}",
             "-jar", str(JAR)],
            cwd=_workdir, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    try:
        CLIENT = connect(TARGET, default_timeout=CALL_TIMEOUT)
        INFO = _wait_ready(CLIENT, START_TIMEOUT)
    except BaseException:
        _stop_server()
        raise


def _wait_ready(client: BackstopClient, timeout: float) -> pb.GetModelInfoResponse:
    """Health SERVING and GetModelInfo answering, within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        if _server is None or _server.poll() is not None:
            raise RuntimeError(f"the server exited early (code {_server and _server.returncode}):\n"
                               + _log_tail())
        try:
            last = client.health(timeout=1.0)
            if last == "SERVING":
                return client.model_info(timeout=5.0)
        except BackstopError as e:
            last = e
        time.sleep(0.25)
    raise RuntimeError(f"the server was not ready within {timeout:g} s (last: {last}):\n"
                       + _log_tail())


def tearDownModule() -> None:
    _stop_server()
    if _workdir is not None:
        shutil.rmtree(_workdir, ignore_errors=True)


# ---------------------------------------------------------------------------------------
# helpers


def example_request() -> pb.QuoteCoverRequest:
    request = load_request(EXAMPLE)
    request.settings.scenarios = SCENARIOS
    return request


def bad_request() -> pb.QuoteCoverRequest:
    request = example_request()
    request.exposure.assets[0].price_usd = -1.0
    request.exposure.assets[0].annual_volatility = math.nan
    return request


def without_timing(message: M) -> M:
    """A copy with provenance.elapsed_millis cleared (the only field that varies by run)."""
    copy = type(message)()
    copy.CopyFrom(message)
    if copy.DESCRIPTOR.fields_by_name.get("provenance") is not None and copy.HasField("provenance"):
        copy.provenance.ClearField("elapsed_millis")
    return copy


def launcher(command: str, request: pb.QuoteCoverRequest, message_type: Type[M], *args: str) -> M:
    """Runs `./backstop COMMAND FILE --json ARGS` (in-process, same application code) and parses
    its proto3 JSON with json_format into `message_type`."""
    assert _workdir is not None
    path = _workdir / f"request-{command}.json"
    path.write_text(json_format.MessageToJson(request))
    env = dict(os.environ, BACKSTOP_NO_BUILD="1", BACKSTOP_PROGRESS="0")
    argv = [str(LAUNCHER), command] + ([str(path)] if command != "info" else []) + ["--json", *args]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=CALL_TIMEOUT)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    try:
        return json_format.Parse(done.stdout, message_type())
    except json_format.ParseError as e:
        raise AssertionError(f"launcher output is not {message_type.DESCRIPTOR.full_name} JSON "
                             f"({e}):\n{done.stdout[:2000]}") from None


def calls_in_flight() -> Optional[float]:
    """The server's backstop_calls_in_flight gauge (management port), or None if not read."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{MANAGEMENT_PORT}/q/metrics", timeout=5) as r:
            text = r.read().decode()
    except OSError:
        return None
    m = re.search(r"^backstop_calls_in_flight\s+([0-9.eE+-]+)", text, re.MULTILINE)
    return float(m.group(1)) if m else None


def wait_no_call_in_flight(within: float) -> None:
    """Returns once the server holds no call, or fails after `within` seconds."""
    until = time.monotonic() + within
    while True:
        value = calls_in_flight()
        if value == 0:
            return
        if time.monotonic() > until:
            raise AssertionError(f"backstop_calls_in_flight is {value}, {within:g} s after the "
                                 "cancellation: the server did not stop the call")
        time.sleep(0.05)


class ContractCase(unittest.TestCase):
    maxDiff = None

    def assertSameMessage(self, expected: Message, actual: Message, what: str) -> None:
        a, b = without_timing(expected), without_timing(actual)
        if a == b:
            return
        diff = difflib.unified_diff(
            text_format.MessageToString(a).splitlines(),
            text_format.MessageToString(b).splitlines(),
            "expected", "actual", lineterm="", n=2)
        self.fail(f"{what} differ:\n" + "\n".join(list(diff)[:80]))

    def assertSaneQuote(self, q: pb.QuoteCoverResponse, request: pb.QuoteCoverRequest) -> None:
        p = q.premium
        for name in ("premium_usd", "expected_loss_usd", "risk_load_usd", "expense_load_usd",
                     "rate_on_line", "layer_hit_probability"):
            value = getattr(p, name)
            self.assertTrue(math.isfinite(value) and value >= 0, f"premium.{name} = {value}")
        self.assertAlmostEqual(
            p.premium_usd, p.expected_loss_usd + p.risk_load_usd + p.expense_load_usd,
            delta=1e-9 * max(1.0, p.premium_usd),
            msg="premium = expected_loss + risk_load + expense_load")
        self.assertLessEqual(p.layer_hit_probability, 1.0)
        self.assertGreater(len(q.tail_loss.levels), 0, "tail_loss.levels is empty")
        for level in q.tail_loss.levels:
            self.assertTrue(0 < level.confidence < 1, level)
            self.assertGreaterEqual(level.es_usd, level.var_usd, f"ES < VaR at {level.confidence}")
        self.assertTrue(0 <= q.tail_loss.loss_probability <= 1)
        pr = q.provenance
        self.assertRegex(pr.request_sha256, r"^[0-9a-f]{64}$")
        self.assertTrue(pr.quote_id)
        self.assertEqual(pr.model_version, INFO.model_version)
        self.assertEqual(pr.seed, request.settings.seed)
        self.assertEqual(pr.scenarios, SCENARIOS)
        self.assertGreaterEqual(pr.elapsed_millis, 0)
        self.assertSaneCollateral(q.collateral, request.exposure)

    def assertSaneCollateral(self, collateral, exposure) -> None:
        collateral_ids = {b.collateral_asset_id for b in exposure.loan_buckets}
        got = [c.asset_id for c in collateral]
        self.assertEqual(sorted(got), sorted(collateral_ids),
                         "one recommendation per collateral asset")
        for c in collateral:
            self.assertTrue(0 < c.max_ltv < c.liquidation_threshold < 1,
                            f"{c.asset_id}: max_ltv {c.max_ltv}, LT {c.liquidation_threshold}")
            self.assertAlmostEqual(c.collateral_ratio, 1 / c.max_ltv, places=9)
            self.assertGreaterEqual(c.liquidation_bonus, 0)


# ---------------------------------------------------------------------------------------
# tests against the server


class ModelInfoTest(ContractCase):
    def test_model_info(self) -> None:
        info = CLIENT.model_info(timeout=10)
        self.assertTrue(info.model_version)
        self.assertEqual(sorted(info.available_rpcs), sorted(ALL_RPCS),
                         "available_rpcs must list each RPC of the contract once")
        self.assertGreater(info.limits.max_scenarios, 0)
        self.assertGreater(info.limits.max_assets, 0)
        self.assertGreater(info.default_settings.scenarios, 0)
        self.assertTrue(0 < info.default_target_probability < 0.5)
        self.assertLessEqual(SCENARIOS, info.limits.max_scenarios)

    def test_model_info_agrees_with_in_process(self) -> None:
        in_process = launcher("info", example_request(), pb.GetModelInfoResponse)
        self.assertSameMessage(in_process, CLIENT.model_info(timeout=10),
                               "GetModelInfo over gRPC and in-process")

    def test_health_serving(self) -> None:
        self.assertEqual(CLIENT.health(timeout=10), "SERVING")
        self.assertEqual(CLIENT.health("backstop.v1.PricingService", timeout=10), "SERVING")


class QuoteCoverTest(ContractCase):
    def test_quote(self) -> None:
        request = example_request()
        q = CLIENT.quote(request)
        self.assertSaneQuote(q, request)
        again = CLIENT.quote(request)
        self.assertSameMessage(q, again, "two QuoteCover answers to the same request")
        self.assertSameMessage(launcher("quote", request, pb.QuoteCoverResponse), q,
                               "QuoteCover in-process and over gRPC")

    def test_stream_quote(self) -> None:
        request = example_request()
        events = list(CLIENT.stream_quote_events(request))
        kinds = [e.WhichOneof("event") for e in events]
        self.assertEqual(kinds.count("result"), 1, f"events: {kinds}")
        self.assertEqual(kinds[-1], "result", "the result must be the last message")
        fractions = [e.progress.fraction_done for e in events if e.HasField("progress")]
        for f in fractions:
            self.assertTrue(0.0 <= f <= 1.0, f"fraction_done {f}")
        self.assertEqual(fractions, sorted(fractions), "fraction_done must not decrease")
        result = events[-1].result
        self.assertSaneQuote(result, request)

        seen: list[pb.QuoteProgress] = []
        via_callback = CLIENT.stream_quote(request, seen.append)
        # Progress is paced by time (at most about ten events a second), so the count varies
        # between runs; the callback must see at least one event, in order.
        self.assertGreaterEqual(len(seen), 1, "the callback saw no progress event")
        seen_fractions = [p.fraction_done for p in seen]
        self.assertEqual(seen_fractions, sorted(seen_fractions), "fraction_done must not decrease")
        self.assertSameMessage(result, via_callback, "two StreamQuoteCover results")
        self.assertSameMessage(CLIENT.quote(request), result,
                               "QuoteCover and StreamQuoteCover's result")
        self.assertSameMessage(launcher("quote", request, pb.QuoteCoverResponse), result,
                               "in-process quote and StreamQuoteCover's result")


class AssessCollateralTest(ContractCase):
    def test_assess_collateral(self) -> None:
        quote = example_request()
        request = collateral_request(quote)
        response = CLIENT.assess_collateral(request)
        self.assertSaneCollateral(response.collateral, quote.exposure)
        self.assertRegex(response.provenance.request_sha256, r"^[0-9a-f]{64}$")
        self.assertSameMessage(
            launcher("collateral", quote, pb.AssessCollateralResponse), response,
            "AssessCollateral in-process and over gRPC")


class StressTestTest(ContractCase):
    def test_stress(self) -> None:
        quote = example_request()
        request = stress_request(quote)  # every asset -30%, max_rounds 0: as `./backstop stress`
        response = CLIENT.stress(request)
        self.assertGreater(len(response.rounds), 0, "rounds is empty")
        self.assertEqual(response.rounds[0].round, 0, "round 0 is the shock itself")
        self.assertGreaterEqual(response.bad_debt_usd, 0)
        self.assertGreaterEqual(response.liquidated_usd, 0)
        self.assertTrue(math.isfinite(response.cascade_index) and response.cascade_index >= 0)
        self.assertLessEqual(response.bad_debt_after_fund_usd, response.bad_debt_usd + 1e-6)
        self.assertLessEqual(len(response.rounds), INFO.default_max_rounds + 1)
        self.assertSameMessage(launcher("stress", quote, pb.StressTestResponse), response,
                               "StressTest in-process and over gRPC")


class ErrorTest(ContractCase):
    EXPECTED = ["exposure.assets[0].annual_volatility", "exposure.assets[0].price_usd"]

    def assertBadRequest(self, rpc: str, call) -> None:
        with self.assertRaises(BackstopError, msg=f"{rpc} accepted a negative price and a NaN "
                               "volatility") as ctx:
            call()
        e = ctx.exception
        self.assertEqual(e.code, grpc.StatusCode.INVALID_ARGUMENT, str(e))
        self.assertEqual(e.rpc, rpc)
        self.assertEqual(sorted(e.violation_fields()), self.EXPECTED,
                         f"{rpc}: one violation per bad field, with its proto path: {e}")
        for v in e.field_violations:
            self.assertIsInstance(v, FieldViolation)
            self.assertTrue(v.description, f"{v.field} has no description")
        self.assertIn("exposure.assets[0].price_usd", str(e))

    def test_bad_request_quote(self) -> None:
        self.assertBadRequest("QuoteCover", lambda: CLIENT.quote(bad_request()))

    def test_bad_request_stream_quote(self) -> None:
        self.assertBadRequest("StreamQuoteCover",
                              lambda: CLIENT.stream_quote(bad_request(), lambda p: None))

    def test_bad_request_assess_collateral(self) -> None:
        self.assertBadRequest("AssessCollateral",
                              lambda: CLIENT.assess_collateral(collateral_request(bad_request())))

    def test_bad_request_stress(self) -> None:
        self.assertBadRequest("StressTest", lambda: CLIENT.stress(stress_request(bad_request())))

    def test_deadline(self) -> None:
        request = example_request()
        with self.assertRaises(BackstopError) as ctx:
            CLIENT.quote(request, timeout=0.001)
        self.assertEqual(ctx.exception.code, grpc.StatusCode.DEADLINE_EXCEEDED, str(ctx.exception))
        with self.assertRaises(BackstopError) as ctx:
            CLIENT.stream_quote(request, lambda p: None, timeout=0.001)
        self.assertEqual(ctx.exception.code, grpc.StatusCode.DEADLINE_EXCEEDED, str(ctx.exception))
        # The server keeps serving after abandoned calls.
        self.assertTrue(CLIENT.model_info(timeout=10).model_version)


class CancelTest(ContractCase):
    """Calls cancelled from another thread: the server must stop the work, not only the client
    stop waiting (its in-flight gauge returns to zero)."""

    def large_request(self) -> pb.QuoteCoverRequest:
        request = example_request()
        request.settings.scenarios = 200000  # about a minute of work: still running when cancelled
        return request

    def wait_running(self) -> None:
        until = time.monotonic() + 30
        while calls_in_flight() != 1:
            if time.monotonic() > until:
                self.fail(f"the call did not start on the server (in flight: {calls_in_flight()})")
            time.sleep(0.05)

    def test_future_returns_the_quote(self) -> None:
        request = example_request()
        pending = CLIENT.quote_future(request)
        seen = []
        pending.add_done_callback(seen.append)
        self.assertSameMessage(CLIENT.quote(request), pending.result(timeout=CALL_TIMEOUT),
                               "QuoteCover and quote_future's result")
        self.assertTrue(pending.done())
        self.assertFalse(pending.cancelled())
        self.assertEqual(seen, [pending], "the done callback gets the PendingCall once")
        self.assertFalse(pending.cancel(), "a call that has ended cannot be cancelled")

    def test_future_reports_bad_input(self) -> None:
        for rpc, pending in [
            ("QuoteCover", CLIENT.quote_future(bad_request())),
            ("AssessCollateral", CLIENT.assess_collateral_future(collateral_request(bad_request()))),
            ("StressTest", CLIENT.stress_future(stress_request(bad_request()))),
        ]:
            with self.assertRaises(BackstopError) as ctx:
                pending.result(timeout=CALL_TIMEOUT)
            self.assertEqual(ctx.exception.code, grpc.StatusCode.INVALID_ARGUMENT, rpc)
            self.assertEqual(ctx.exception.rpc, rpc)
            self.assertEqual(sorted(ctx.exception.violation_fields()), ErrorTest.EXPECTED, rpc)

    def test_waiting_for_a_result_times_out_without_ending_the_call(self) -> None:
        pending = CLIENT.quote_future(self.large_request())
        try:
            with self.assertRaises(TimeoutError):
                pending.result(timeout=0.05)
            self.assertFalse(pending.done(), "the wait's timeout must not end the call")
        finally:
            pending.cancel()
        wait_no_call_in_flight(2.0)

    def test_future_cancelled_from_another_thread(self) -> None:
        pending = CLIENT.quote_future(self.large_request())
        self.wait_running()
        canceller = threading.Timer(0.2, pending.cancel)
        canceller.start()
        started = time.monotonic()
        with self.assertRaises(BackstopError) as ctx:
            pending.result(timeout=CALL_TIMEOUT)
        canceller.join()
        self.assertEqual(ctx.exception.code, grpc.StatusCode.CANCELLED, str(ctx.exception))
        self.assertEqual(ctx.exception.rpc, "QuoteCover")
        self.assertLess(time.monotonic() - started, 10, "result() waited long after the cancel")
        self.assertTrue(pending.cancelled())
        wait_no_call_in_flight(1.0)

    def test_stream_cancelled_from_another_thread(self) -> None:
        events = CLIENT.stream_quote_events(self.large_request())
        first = next(events)
        self.assertEqual(first.WhichOneof("event"), "progress")
        threading.Timer(0.2, events.cancel).start()
        with self.assertRaises(BackstopError) as ctx:
            for _ in events:
                pass
        self.assertEqual(ctx.exception.code, grpc.StatusCode.CANCELLED, str(ctx.exception))
        self.assertEqual(ctx.exception.rpc, "StreamQuoteCover")
        wait_no_call_in_flight(1.0)

    def test_leaving_a_stream_early_cancels_it(self) -> None:
        with CLIENT.stream_quote_events(self.large_request()) as events:
            next(events)
            self.wait_running()
        wait_no_call_in_flight(1.0)


class ExampleScriptTest(ContractCase):
    SCRIPT = PKG / "examples" / "quote.py"

    def run_script(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(self.SCRIPT), *args, "--target", TARGET],
                              capture_output=True, text=True, timeout=CALL_TIMEOUT)

    def test_example_prices_the_file(self) -> None:
        done = self.run_script(str(EXAMPLE), "--scenarios", str(SCENARIOS))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("Premium breakdown", done.stdout)
        self.assertIn("Collateral", done.stdout)
        for bucket in example_request().exposure.loan_buckets:
            self.assertIn(bucket.collateral_asset_id, done.stdout)

    def test_example_prints_the_figures_as_the_command_line(self) -> None:
        """Every figure the example prints, written as `./backstop quote FILE` writes it for the
        same file (priced in-process: the same numbers to the bit)."""
        path = _workdir / "figures.json"
        path.write_text(json_format.MessageToJson(example_request()))
        done = self.run_script(str(path))
        self.assertEqual(done.returncode, 0, done.stderr)
        env = dict(os.environ, BACKSTOP_NO_BUILD="1", BACKSTOP_PROGRESS="0")
        cli = subprocess.run([str(LAUNCHER), "quote", str(path)], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=CALL_TIMEOUT)
        self.assertEqual(cli.returncode, 0, cli.stderr[-3000:])
        java, out = cli.stdout, done.stdout
        msg = f"\n--- ./backstop quote:\n{java}\n--- quote.py:\n{out}"

        # SummaryPrinter's rows: "  %-34s %s", the label indented within its 34 columns.
        # (± and · are ? where Java's stdout is not UTF-8, e.g. LANG=C: matched as any character.)
        rows = {line[2:36].rstrip(): line[37:] for line in java.splitlines()
                if len(line) > 37 and line.startswith("  ") and line[36] == " "}
        premium, mc_error = re.fullmatch(r"(\S+)  \(. (\S+) MC\)", rows["Premium"]).groups()
        expected = {
            "expected loss": rows["  expected loss"],
            "risk load": rows["  risk load"],
            "expense load": rows["  expense load"],
            "premium": premium,
            "rate on line": rows["Rate on line"],
            "P(layer hit)": rows["Layer hit probability (term)"],
            "MC std error": mc_error,
        }
        got = {m[1]: m[2] for m in re.finditer(r"^  (\S.*?) {2,}(\S+)$", out, re.M)
               if m[1] in expected}
        self.assertEqual(got, expected, msg)

        levels = {label.removeprefix("VaR / ES "): value.split("  (ES")[0]
                  for label, value in rows.items() if label.startswith("VaR / ES ")}
        tail = out.split("Tail loss per horizon (USD)\n")[1].split("\nQuote ")[0].splitlines()[1:]
        self.assertEqual({c: f"{var} / {es}" for c, var, es in map(str.split, tail)}, levels, msg)

        pv = re.search(r"id (\S+) . model (\S+) . seed (\d+) . ([\d,]+) scenarios .", java)
        self.assertRegex(out, rf"(?m)^Quote {re.escape(pv[1])}  model {re.escape(pv[2])}  "
                              rf"seed {pv[3]}  {pv[4]} scenarios  \d{{1,3}}(,\d{{3}})* ms$", msg)

        # Collateral: asset, class, max LTV, LT, bonus, haircut total, horizon and the
        # volatile-regime max LTV, which the command line prints as base | volatile pairs.
        java_collateral = {
            m[1]: (m[2].lower(), m[3], m[5], m[7], m[11], m[10] + "h", m[4])
            for m in re.finditer(r"(?m)^  (\S+) +(\S+) +(\S+) \| (\S+) +(\S+) \| (\S+) +(\S+) \| "
                                 r"(\S+) +(\S+) +(\S+)h  .* = (\S+)$", java)}
        self.assertTrue(java_collateral, msg)
        table = out.split("\nCollateral\n")[1].splitlines()[1:]
        got_collateral = {t[0]: (t[1], t[2], t[3], t[4], t[5], t[6], t[8])
                          for t in map(str.split, table)}
        self.assertEqual(got_collateral, java_collateral, msg)

    def test_example_reports_bad_input(self) -> None:
        path = _workdir / "bad.json"
        path.write_text(json_format.MessageToJson(bad_request()))
        done = self.run_script(str(path))
        self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
        self.assertIn("exposure.assets[0].price_usd", done.stderr)

    def assertOneLineError(self, done: subprocess.CompletedProcess, code: int, pattern: str) -> None:
        self.assertEqual(done.returncode, code, done.stdout + done.stderr)
        self.assertNotIn("Traceback", done.stderr)
        self.assertRegex(done.stderr, r"^quote\.py: " + pattern + r"\n$")

    def test_example_reports_a_file_it_cannot_read_in_one_line(self) -> None:
        cases = {
            "null.json": (b"null", r"cannot read .*null\.json: \(request\): not a JSON object: "
                                   r"expected a JSON object for backstop\.v1\.QuoteCoverRequest, was null"),
            "latin1.json": (b'{"exposure": {"protocolId": "caf\xe9"}}',
                            r"cannot read .*latin1\.json: not UTF-8 text: .*"),
            "twice.json": (b'{"cover": {"limitUsd": 1, "limit_usd": 2}}',
                           r'cannot read .*twice\.json: cover\.limit_usd: given twice, as "limitUsd" '
                           r'and "limit_usd" \(give it once\)'),
        }
        for name, (content, pattern) in cases.items():
            with self.subTest(file=name):
                path = _workdir / name
                path.write_bytes(content)
                self.assertOneLineError(self.run_script(str(path)), 2, pattern)
        self.assertOneLineError(
            self.run_script(str(EXAMPLE), "--ca", str(_workdir / "no-such-ca.pem")), 2,
            r"cannot read --ca .*no-such-ca\.pem: No such file or directory")

    def test_example_ends_the_progress_line_before_an_error(self) -> None:
        # 200,000 scenarios take seconds: the deadline passes after progress was drawn.
        done = self.run_script(str(EXAMPLE), "--scenarios", "200000", "--progress", "--timeout", "1.5")
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertRegex(done.stderr, r"s left\nquote\.py: StreamQuoteCover: DEADLINE_EXCEEDED: ",
                         "the error must start a line of its own after the progress line")

    def test_example_cancels_on_ctrl_c(self) -> None:
        script = subprocess.Popen(
            [sys.executable, str(self.SCRIPT), str(EXAMPLE), "--scenarios", "200000", "--progress",
             "--target", TARGET],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            # Wait for the first progress figure: the call is then running on the server.
            seen = b""
            while b"%" not in seen:
                byte = script.stderr.read(1)
                if not byte:
                    self.fail(f"the script ended before any progress: {seen!r}")
                seen += byte
            interrupted = time.monotonic()
            script.send_signal(signal.SIGINT)
            rest = script.stderr.read()
            code = script.wait(timeout=30)
        finally:
            if script.poll() is None:
                script.kill()
                script.wait()
            script.stdout.close()
            script.stderr.close()
        stderr = (seen + rest).decode()
        self.assertLess(time.monotonic() - interrupted, 5, "the script took long to stop")
        self.assertNotIn("Traceback", stderr)
        self.assertEqual(code, 130, stderr)
        self.assertRegex(stderr, r"s left\nquote\.py: cancelled: interrupted \(Ctrl-C\), the quote "
                                 r"was cancelled\n$")
        # The client's exit alone would also end the call locally: the server must have seen the
        # cancellation and stopped the simulation.
        wait_no_call_in_flight(1.0)


# ---------------------------------------------------------------------------------------
# offline checks (no server needed, but they run in the same module)


class OfflineTest(unittest.TestCase):
    def test_every_example_file_parses(self) -> None:
        files = sorted((ROOT / "examples").glob("*.json"))
        self.assertTrue(files)
        for f in files:
            with self.subTest(file=f.name):
                request = load_request(f)
                self.assertGreater(len(request.exposure.assets), 0)

    def test_unknown_field_is_an_error(self) -> None:
        data = json.loads(EXAMPLE.read_text())
        data["exposure"]["assets"][0]["priceUSD"] = 1
        path = Path(tempfile.mkdtemp()) / "typo.json"
        try:
            path.write_text(json.dumps(data))
            with self.assertRaisesRegex(json_format.ParseError, "priceUSD"):
                load_request(path)
        finally:
            shutil.rmtree(path.parent)

    def load_text(self, content: bytes) -> pb.QuoteCoverRequest:
        """load_request on a temporary file holding `content`."""
        folder = Path(tempfile.mkdtemp())
        try:
            path = folder / "request.json"
            path.write_bytes(content)
            return load_request(path)
        finally:
            shutil.rmtree(folder)

    def test_a_file_that_is_not_a_json_object_is_an_error(self) -> None:
        for content, was in ((b"null", "null"), (b"[1, 2]", "[1, 2]"), (b'"x"', '"x"'), (b"7", "7")):
            with self.subTest(content=content), self.assertRaisesRegex(
                    json_format.ParseError,
                    r"^\(request\): not a JSON object: expected a JSON object for "
                    rf"backstop\.v1\.QuoteCoverRequest, was {re.escape(was)}$"):
                self.load_text(content)
        with self.assertRaisesRegex(json_format.ParseError,
                                    r"^exposure: not a JSON object: .* backstop\.v1\.ProtocolExposure, was 5$"):
            self.load_text(b'{"exposure": 5}')
        with self.assertRaisesRegex(json_format.ParseError, r"^not UTF-8 text: "):
            self.load_text(b'{"exposure": {"protocolId": "\xff"}}')
        with self.assertRaisesRegex(json_format.ParseError, r"^not JSON: "):
            self.load_text(b'{"exposure": ')

    def test_a_field_under_both_its_names_is_an_error(self) -> None:
        data = json.loads(EXAMPLE.read_text())
        for second in (1, 0, None):  # json_format alone: the later wins, null clears the price
            with self.subTest(price_usd=second):
                data["exposure"]["assets"][1]["price_usd"] = second
                with self.assertRaisesRegex(
                        json_format.ParseError,
                        r'^exposure\.assets\[1\]\.price_usd: given twice, as "priceUsd" and '
                        r'"price_usd" \(give it once\)$'):
                    self.load_text(json.dumps(data).encode())
        data = json.loads(EXAMPLE.read_text())
        data["settings"]["confidence_levels"] = [0.9]
        with self.assertRaisesRegex(json_format.ParseError, r"^settings\.confidence_levels: given twice"):
            self.load_text(json.dumps(data).encode())

    def test_a_json_boolean_for_a_field_that_is_not_a_bool_is_an_error(self) -> None:
        # json_format alone reads true as 1 (bool is an int in Python): a volatility of 1.0.
        for path, edit, pattern in (
                ("annual_volatility", lambda d: d["exposure"]["assets"][0].__setitem__("annualVolatility", True),
                 r"^exposure\.assets\[0\]\.annual_volatility: true is not a number \(a JSON boolean is "
                 r"only for a bool field\)$"),
                ("scenarios", lambda d: d["settings"].__setitem__("scenarios", False),
                 r"^settings\.scenarios: false is not an integer \(a JSON boolean"),
                ("confidence_levels", lambda d: d["settings"].__setitem__("confidenceLevels", [0.9, True]),
                 r"^settings\.confidence_levels: true is not a number"),
                ("asset_class", lambda d: d["exposure"]["assets"][0].__setitem__("assetClass", True),
                 r"^exposure\.assets\[0\]\.asset_class: true is not an enum name or number"),
                ("id", lambda d: d["exposure"]["assets"][0].__setitem__("id", True),
                 r"^exposure\.assets\[0\]\.id: true is not a string")):
            with self.subTest(field=path):
                data = json.loads(EXAMPLE.read_text())
                edit(data)
                with self.assertRaisesRegex(json_format.ParseError, pattern):
                    self.load_text(json.dumps(data).encode())

    def test_a_byte_order_mark_is_skipped(self) -> None:
        content = EXAMPLE.read_bytes()
        self.assertEqual(self.load_text(b"\xef\xbb\xbf" + content), load_request(EXAMPLE))

    def test_a_service_config_in_options_keeps_the_retry_policy(self) -> None:
        from unittest import mock

        from backstop_client import client as client_module

        def effective(options) -> dict:
            """The service config of the channel connect() opens (grpcio takes an option's first value)."""
            with mock.patch.object(client_module.grpc, "insecure_channel") as channel:
                connect("dns:///backstop-headless:9000", options=options)
            passed = channel.call_args.kwargs["options"]
            configs = [v for k, v in passed if k == "grpc.service_config"]
            self.assertEqual(len(configs), 1, passed)
            return json.loads(configs[0])

        retry = json.loads(client_module.RETRY_SERVICE_CONFIG)["methodConfig"]
        self.assertEqual(effective(None), {"methodConfig": retry})
        round_robin = {"loadBalancingConfig": [{"round_robin": {}}]}
        config = effective([("grpc.keepalive_time_ms", 30000),
                            ("grpc.service_config", json.dumps(round_robin))])
        self.assertEqual(config, {"methodConfig": retry, **round_robin})
        own = [{"name": [{"service": "backstop.v1.PricingService"}], "timeout": "5s"}]
        self.assertEqual(effective([("grpc.service_config", json.dumps({**round_robin, "methodConfig": own}))]),
                         {"methodConfig": own, **round_robin})

    def test_stubs_of_another_contract_are_refused_on_import(self) -> None:
        from backstop_client._stamp import contract_digest, stale_stubs

        contract = ROOT / "proto" / "src" / "main" / "proto"
        # The stubs generate.sh made for this run are of this contract.
        self.assertIsNone(stale_stubs(PKG / "backstop_client", contract))
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "proto"
            shutil.copytree(contract, copy)
            self.assertEqual(contract_digest(contract), contract_digest(copy))
            # A field added to the contract after the stubs were generated.
            quote = copy / "backstop" / "v1" / "quote.proto"
            quote.write_text(quote.read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
            message = stale_stubs(PKG / "backstop_client", copy)
            self.assertIsNotNone(message)
            self.assertIn("scripts/generate.sh", message or "")

    def test_quote_request_converts_to_stream_request(self) -> None:
        from backstop_client.client import _as
        request = example_request()
        stream = _as(request, pb.StreamQuoteCoverRequest)
        self.assertEqual(json_format.MessageToDict(stream), json_format.MessageToDict(request))

    def test_error_details_are_decoded(self) -> None:
        bad = _support.BadRequest()
        bad.field_violations.add(
            field="exposure.assets[0].price_usd", description="must be > 0", reason="RANGE")
        retry = _support.RetryInfo()
        retry.retry_delay.seconds, retry.retry_delay.nanos = 1, 500_000_000
        status = _support.Status(code=3, message="bad")
        for detail in (bad, retry):
            status.details.add(type_url="type.googleapis.com/" + detail.DESCRIPTOR.full_name,
                               value=detail.SerializeToString())

        class FakeError(grpc.RpcError, grpc.Call):
            def code(self): return grpc.StatusCode.INVALID_ARGUMENT
            def details(self): return "the request is not valid"
            def trailing_metadata(self):
                return (("grpc-status-details-bin", status.SerializeToString()),)
            def initial_metadata(self): return ()
            def is_active(self): return False
            def time_remaining(self): return None
            def cancel(self): return False
            def add_callback(self, cb): return False

        e = BackstopError.from_rpc_error(FakeError(), "QuoteCover")
        self.assertEqual(e.code, grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(e.field_violations, [
            FieldViolation("exposure.assets[0].price_usd", "must be > 0", "RANGE")])
        self.assertEqual(e.retry_delay_seconds, 1.5)
        self.assertIn("QuoteCover: INVALID_ARGUMENT", str(e))
        self.assertIsInstance(e, Exception)



# A program that also uses googleapis-common-protos / grpcio-status / grpcio-health-checking
# (simulated: their files, registered in protobuf's default pool under their real names with
# their real symbols) before or after importing backstop_client. Run in a fresh interpreter,
# as the order of imports is the point. It decodes a Status built with the *default pool's*
# google.rpc classes, as such a program's server or test doubles would.
_COLLISION_SCRIPT = r"""
import sys
from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, message_factory

sys.path.insert(0, sys.argv[1])
support_set = sys.argv[2]
order = sys.argv[3]

def register_googleapis():
    files = descriptor_pb2.FileDescriptorSet.FromString(open(support_set, "rb").read()).file
    pool = descriptor_pool.Default()
    for f in files:
        if not f.name.startswith("google/protobuf/"):
            pool.AddSerializedFile(f.SerializeToString())
    factory = message_factory.MessageFactory(pool)
    return {name: factory.GetPrototype(pool.FindMessageTypeByName(name))
            for name in ("google.rpc.Status", "google.rpc.BadRequest", "grpc.health.v1.HealthCheckRequest")}

if order == "before":
    real = register_googleapis()
import backstop_client
from backstop_client.errors import decode_status_details
if order == "after":
    real = register_googleapis()

bad = real["google.rpc.BadRequest"]()
bad.field_violations.add(field="settings.scenarios", description="must be at most 1000000")
status = real["google.rpc.Status"](code=3, message="bad")
status.details.add().Pack(bad)
violations, _ = decode_status_details([("grpc-status-details-bin", status.SerializeToString())])
assert [v.field for v in violations] == ["settings.scenarios"], violations
print("ok", order)
"""


class CoexistenceTest(unittest.TestCase):
    """backstop_client registers no google.rpc or grpc.health.v1 file or name in protobuf's
    default pool, so googleapis-common-protos and friends import alongside it in either order."""

    def run_collision(self, order: str) -> None:
        done = subprocess.run(
            [sys.executable, "-c", _COLLISION_SCRIPT, str(PKG),
             str(PKG / "backstop_client" / "_gen" / "support.binpb"), order],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr[-3000:])
        self.assertIn(f"ok {order}", done.stdout)

    def test_googleapis_registered_before_backstop_client(self) -> None:
        self.run_collision("before")

    def test_googleapis_registered_after_backstop_client(self) -> None:
        self.run_collision("after")


if __name__ == "__main__":
    unittest.main(verbosity=2)