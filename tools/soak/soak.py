#!/usr/bin/python3
"""Mixed-load soak driver for a Backstop server (grpcio 1.51, /usr/bin/python3).

Usage: soak.py HOST:PORT MINUTES OUTDIR
Runs concurrent workers (quotes, streams, cancels, killed clients, deadlines, collateral,
stress, invalid requests, oversize messages, bursts, connection churn, GetModelInfo) and
writes OUTDIR/events.jsonl (one line per call) and OUTDIR/summary.json; anomalies (a status
the docs do not give for the case, a response differing from the first for the same request,
a call that took far past its deadline) go to OUTDIR/anomalies.jsonl.
"""
import hashlib, json, os, random, signal, socket, subprocess, sys, threading, time, collections
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "clients/python"))
import grpc
from backstop_client import load_request, collateral_request, stress_request, BackstopError
from backstop_client._gen.backstop.v1 import pricing_service_pb2 as pb, pricing_service_pb2_grpc as pbg

TARGET, MINUTES, OUT = sys.argv[1], float(sys.argv[2]), sys.argv[3]
os.makedirs(OUT, exist_ok=True)
END = time.time() + MINUTES * 60
EX = {n: load_request(os.path.join(ROOT, "examples", n + ".json")) for n in ("crypto-lending", "nft-lending", "rwa-vault")}
lock = threading.Lock()
evf = open(os.path.join(OUT, "events.jsonl"), "a")
anf = open(os.path.join(OUT, "anomalies.jsonl"), "a")
counts = collections.Counter()
first_resp = {}

def chan():
    return grpc.insecure_channel(TARGET, options=[("grpc.max_receive_message_length", 64 << 20),
                                                  ("grpc.max_send_message_length", 64 << 20),
                                                  ("grpc.enable_retries", 0)])

def log(kind, rpc, status, dur, expect=None, extra=None):
    rec = {"t": round(time.time(), 3), "kind": kind, "rpc": rpc, "status": status, "ms": round(dur * 1000, 1)}
    if extra: rec.update(extra)
    with lock:
        counts[(kind, status)] += 1
        evf.write(json.dumps(rec) + "\n"); evf.flush()
        if expect is not None and status not in expect:
            rec["expected"] = sorted(expect); anf.write(json.dumps(rec) + "\n"); anf.flush()

def anomaly(**kw):
    kw["t"] = round(time.time(), 3)
    with lock:
        anf.write(json.dumps(kw) + "\n"); anf.flush()

def call(kind, rpc, fn, req, timeout, expect, check=None):
    t0 = time.time(); extra = {}
    try:
        resp = fn(req, timeout=timeout)
        st = "OK"
        if check: check(resp)
    except grpc.RpcError as e:
        err = BackstopError.from_rpc_error(e, rpc)
        st = err.code.name
        extra = {"msg": err.message[:160], "retry": err.retry_delay_seconds, "nviol": len(err.field_violations)}
        if st == "RESOURCE_EXHAUSTED" and kind != "oversize" and err.retry_delay_seconds is None:
            anomaly(what="RESOURCE_EXHAUSTED without RetryInfo", kind=kind, msg=err.message)
        if st == "RESOURCE_EXHAUSTED" and kind == "oversize" and err.retry_delay_seconds is not None:
            anomaly(what="oversize answered with RetryInfo (retryable capacity)", msg=err.message)
        if st == "INVALID_ARGUMENT" and not err.field_violations and kind != "invalid_bytes":
            anomaly(what="INVALID_ARGUMENT without field violations", kind=kind, msg=err.message)
        resp = None
    dur = time.time() - t0
    if timeout and dur > timeout + 2:
        anomaly(what="call outlived its deadline by >2s", kind=kind, rpc=rpc, ms=dur * 1000, timeout=timeout)
    log(kind, rpc, st, dur, expect, extra)
    return st, resp, extra

def strip(resp):
    r = type(resp)(); r.CopyFrom(resp)
    if r.HasField("provenance"): r.provenance.elapsed_millis = 0
    return r.SerializeToString(deterministic=True)

def same_as_first(key):
    def chk(resp):
        b = strip(resp)
        with lock:
            if key not in first_resp: first_resp[key] = b; return
            ok = first_resp[key] == b
        if not ok: anomaly(what="response differs from the first for the same request", key=key)
    return chk

def small(req, n=1000):
    r = type(req)(); r.CopyFrom(req); r.settings.scenarios = n; return r

def alive(): return time.time() < END

def backoff(extra):
    time.sleep(min(3.0, (extra or {}).get("retry") or 1.0))

OKRE = {"OK", "RESOURCE_EXHAUSTED"}
# ---------------------------------------------------------------- workers
def w_quote(idx):
    ch = chan(); st = pbg.PricingServiceStub(ch)
    while alive():
        name = random.choice(list(EX)); sm = random.random() < 0.5
        req = small(EX[name]) if sm else EX[name]
        def chk(resp, key=(name, sm)):
            p = resp.premium
            if abs(p.premium_usd - (p.expected_loss_usd + p.risk_load_usd + p.expense_load_usd)) > 1e-6 * max(1, p.premium_usd):
                anomaly(what="premium != sum of parts", key=str(key))
            same_as_first(str(key))(resp)
        s, _, ex = call("quote_small" if sm else "quote", "QuoteCover", st.QuoteCover, req, 120, OKRE, chk)
        if s == "RESOURCE_EXHAUSTED": backoff(ex)
        time.sleep(random.uniform(0.5, 1.5))

def w_stream():
    ch = chan(); st = pbg.PricingServiceStub(ch)
    while alive():
        name = random.choice(list(EX)); req = pb.StreamQuoteCoverRequest()
        req.ParseFromString(EX[name].SerializeToString())
        cancel = random.random() < 0.4
        t0 = time.time(); stages = []; result = None; status = "OK"; ex = {}
        it = st.StreamQuoteCover(req, timeout=120)
        try:
            for ev in it:
                if ev.HasField("progress"):
                    stages.append(ev.progress.stage)
                    if cancel and len(stages) >= 2:
                        it.cancel()
                else:
                    if result is not None: anomaly(what="two results in a stream")
                    result = ev.result
        except grpc.RpcError as e:
            err = BackstopError.from_rpc_error(e, "StreamQuoteCover"); status = err.code.name
            ex = {"retry": err.retry_delay_seconds, "msg": err.message[:120]}
        dur = time.time() - t0
        if status == "OK":
            if result is None: anomaly(what="stream ended OK without result", stages=stages)
            else:
                if not stages or stages[0] != "validate" or stages[-1] != "done":
                    anomaly(what="stream stage order", stages=stages)
                same_as_first(str((name, False)))(result)
        log("stream_cancel" if cancel else "stream", "StreamQuoteCover", status, dur,
            {"CANCELLED", "OK", "RESOURCE_EXHAUSTED"} if cancel else OKRE, {"stages": len(stages)})
        if status == "RESOURCE_EXHAUSTED": backoff(ex)
        time.sleep(random.uniform(1, 3))

KILLED_CHILD = r'''
import sys, grpc
sys.path.insert(0, sys.argv[2] + "/clients/python")
from backstop_client import load_request
from backstop_client._gen.backstop.v1 import pricing_service_pb2 as pb, pricing_service_pb2_grpc as pbg
r = load_request(sys.argv[2] + "/examples/crypto-lending.json", pb.StreamQuoteCoverRequest)
r.settings.scenarios = 60000
st = pbg.PricingServiceStub(grpc.insecure_channel(sys.argv[1]))
for ev in st.StreamQuoteCover(r, timeout=300):
    print(ev.WhichOneof("event"), flush=True)
'''
def w_killed():
    while alive():
        p = subprocess.Popen([sys.executable, "-c", KILLED_CHILD, TARGET, ROOT], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        t0 = time.time(); first = p.stdout.readline()
        time.sleep(random.uniform(0.3, 1.5)); p.kill(); p.wait()
        log("stream_killed", "StreamQuoteCover", "KILLED" if first else "KILLED_BEFORE_EVENT", time.time() - t0)
        time.sleep(random.uniform(30, 50))

def w_deadline():
    ch = chan(); st = pbg.PricingServiceStub(ch)
    while alive():
        req = small(EX["crypto-lending"], random.choice([20000, 50000]))
        s, _, ex = call("deadline", "QuoteCover", st.QuoteCover, req, random.uniform(0.1, 0.8),
                        {"DEADLINE_EXCEEDED", "OK", "RESOURCE_EXHAUSTED"})
        time.sleep(random.uniform(3, 6))

def w_coll_stress():
    ch = chan(); st = pbg.PricingServiceStub(ch)
    while alive():
        name = random.choice(list(EX))
        if random.random() < 0.5:
            req = collateral_request(EX[name], random.choice([0.0, 0.005, 0.05]))
            s, _, ex = call("collateral", "AssessCollateral", st.AssessCollateral, req, 120, OKRE,
                            same_as_first(("coll", name, req.target_probability).__repr__()))
        else:
            shocks = {a.id: random.choice([-0.1, -0.3, -0.5]) for a in EX[name].exposure.assets}
            req = stress_request(EX[name], shocks, max_rounds=random.choice([0, 5, 100]))
            s, _, ex = call("stress", "StressTest", st.StressTest, req, 60, OKRE,
                            same_as_first("stress:" + hashlib.sha256(req.SerializeToString(deterministic=True)).hexdigest()))
        if s == "RESOURCE_EXHAUSTED": backoff(ex)
        time.sleep(random.uniform(0.5, 2))

def invalid_requests():
    base = EX["crypto-lending"]
    out = []
    r = pb.QuoteCoverRequest(); r.CopyFrom(base); r.exposure.assets[0].price_usd = -1; r.exposure.assets[1].annual_volatility = float("nan"); out.append(("badfields", r))
    r = pb.QuoteCoverRequest(); r.CopyFrom(base); r.exposure.loan_buckets[0].collateral_asset_id = "NOPE"; out.append(("unknown_id", r))
    r = pb.QuoteCoverRequest(); r.CopyFrom(base); r.exposure.protocol_id = "p" * random.choice([200, 100000, 1000000]); out.append(("huge_protocol_id", r))
    r = pb.QuoteCoverRequest(); r.CopyFrom(base); r.exposure.assets[0].id = "\u00e9\u2603" * 50000; out.append(("huge_asset_id", r))
    r = pb.QuoteCoverRequest(); r.CopyFrom(base); r.settings.scenarios = 10_000_000; out.append(("limit_scenarios", r))
    r = pb.QuoteCoverRequest(); r.CopyFrom(base); r.settings.scenarios = 190_000; r.settings.horizon_hours = 24 * 30; out.append(("limit_work", r))
    r = pb.QuoteCoverRequest(); r.CopyFrom(base); r.settings.step_minutes = 2000; out.append(("step_gt_horizon", r))
    r = pb.QuoteCoverRequest(); r.CopyFrom(base); r.cover.expense_load = 2; out.append(("expense_load", r))
    r = pb.QuoteCoverRequest(); r.CopyFrom(base); r.exposure.loan_buckets[0].debt_usd = 1e308; out.append(("magnitude", r))
    r = pb.QuoteCoverRequest(); out.append(("empty", r))
    return out

def w_invalid():
    ch = chan(); st = pbg.PricingServiceStub(ch)
    while alive():
        for kind, req in invalid_requests():
            s, _, ex = call("invalid_" + kind, "QuoteCover", st.QuoteCover, req, 30, {"INVALID_ARGUMENT", "RESOURCE_EXHAUSTED"})
            time.sleep(0.3)
        sr = stress_request(EX["crypto-lending"], {"NOPE": -0.3, "WETH": -1.5}, max_rounds=1000)
        call("invalid_stress", "StressTest", st.StressTest, sr, 30, {"INVALID_ARGUMENT", "RESOURCE_EXHAUSTED"})
        cr = collateral_request(EX["crypto-lending"], 0.7)
        call("invalid_coll", "AssessCollateral", st.AssessCollateral, cr, 30, {"INVALID_ARGUMENT", "RESOURCE_EXHAUSTED"})
        # bytes that are not a request message
        raw = ch.unary_unary("/backstop.v1.PricingService/QuoteCover", request_serializer=lambda b: b, response_deserializer=lambda b: b)
        call("invalid_bytes", "QuoteCover", raw, b"\xff\xff\xff\xff\x0f garbage", 30, {"INVALID_ARGUMENT", "RESOURCE_EXHAUSTED"})
        time.sleep(random.uniform(5, 10))

def w_oversize():
    ch = chan(); st = pbg.PricingServiceStub(ch)
    while alive():
        r = pb.QuoteCoverRequest(); r.CopyFrom(EX["crypto-lending"]); r.exposure.protocol_id = "x" * random.choice([4_300_000, 6_000_000])
        call("oversize", "QuoteCover", st.QuoteCover, r, 30, {"RESOURCE_EXHAUSTED"})
        time.sleep(random.uniform(15, 30))

def w_burst():
    time.sleep(60)
    while alive():
        chans = [chan() for _ in range(4)]
        ths = []
        def one(i):
            stb = pbg.PricingServiceStub(chans[i % 4])
            call("burst", "QuoteCover", stb.QuoteCover, EX["crypto-lending"], 60, OKRE)
        for i in range(40):
            t = threading.Thread(target=one, args=(i,)); t.start(); ths.append(t)
        for t in ths: t.join()
        for c in chans: c.close()
        time.sleep(random.uniform(150, 210))

def w_churn():
    while alive():
        ch = chan(); st = pbg.PricingServiceStub(ch)
        call("info_churn", "GetModelInfo", st.GetModelInfo, pb.GetModelInfoRequest(), 10, {"OK"})
        if random.random() < 0.3:
            # a stream whose channel is closed under it (connection dropped mid-call)
            req = pb.StreamQuoteCoverRequest(); req.ParseFromString(small(EX["nft-lending"], 20000).SerializeToString())
            it = st.StreamQuoteCover(req, timeout=60)
            threading.Timer(0.4, ch.close).start()
            t0 = time.time(); s = "OK"
            try:
                for _ in it: pass
            except grpc.RpcError as e: s = e.code().name
            log("stream_chan_closed", "StreamQuoteCover", s, time.time() - t0)
        ch.close()
        # raw TCP: connect and drop; connect, send garbage, drop; half an HTTP/2 preface
        host, port = TARGET.rsplit(":", 1)
        for payload in (b"", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", os.urandom(64)):
            try:
                s = socket.create_connection((host, int(port)), timeout=2)
                if payload: s.sendall(payload)
                time.sleep(0.05); s.close()
            except OSError as e:
                anomaly(what="raw connect failed", err=str(e))
        time.sleep(random.uniform(3, 6))

def w_info():
    ch = chan(); st = pbg.PricingServiceStub(ch)
    while alive():
        call("info", "GetModelInfo", st.GetModelInfo, pb.GetModelInfoRequest(), 5, {"OK"},
             lambda r: (len(r.available_rpcs) == 5) or anomaly(what="available_rpcs", v=list(r.available_rpcs)))
        time.sleep(2)

workers = [threading.Thread(target=w_quote, args=(i,), daemon=True) for i in range(2)]
for f in (w_stream, w_killed, w_deadline, w_coll_stress, w_invalid, w_oversize, w_burst, w_churn, w_info):
    workers.append(threading.Thread(target=f, daemon=True))
for w in workers: w.start()
while alive(): time.sleep(5)
deadline = time.time() + 150
for w in workers: w.join(max(0.1, deadline - time.time()))
stuck = [w.name for w in workers if w.is_alive()]
summary = {"counts": {f"{k[0]}:{k[1]}": v for k, v in sorted(counts.items())}, "stuck_workers": stuck}
json.dump(summary, open(os.path.join(OUT, "summary.json"), "w"), indent=1)
print(json.dumps(summary, indent=1))
os._exit(0)
