#!/usr/bin/python3
"""Samples a running Backstop server once a minute (soak companion of soak.py).

Usage: sampler.py PID HOST:GRPCPORT MGMTPORT GCLOG SERVERLOG OUTDIR MINUTES
Each minute: heap after GC (min/last over the minute, from -Xlog:gc), RSS, threads, FDs, the
metrics page (lines, series per metric name, backstop_* gauges), one reference default quote of
examples/crypto-lending.json (latency, server elapsed, status) and WARN/ERROR lines of the log.
Writes OUTDIR/samples.jsonl and prints one table row per minute.
"""
import json, os, re, sys, time, urllib.request, collections
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "clients/python"))
import grpc
from backstop_client import load_request, BackstopError
from backstop_client._gen.backstop.v1 import pricing_service_pb2_grpc as pbg

PID, TARGET, MPORT, GCLOG, SLOG, OUT, MIN = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], float(sys.argv[7])
os.makedirs(OUT, exist_ok=True)
out = open(os.path.join(OUT, "samples.jsonl"), "a")
REQ = load_request(os.path.join(ROOT, "examples/crypto-lending.json"))
stub = pbg.PricingServiceStub(grpc.insecure_channel(TARGET, options=[("grpc.enable_retries", 0)]))
PAUSE = re.compile(r"GC\((\d+)\) Pause (\S+).*? (\d+)M->(\d+)M\((\d+)M\)")
gcpos = 0; logpos = 0; t0 = time.time(); lat = []

def proc():
    st = dict(l.split(":", 1) for l in open(f"/proc/{PID}/status") if ":" in l)
    return int(st["VmRSS"].split()[0]) // 1024, int(st["Threads"]), len(os.listdir(f"/proc/{PID}/fd"))

def metrics():
    txt = urllib.request.urlopen(f"http://localhost:{MPORT}/q/metrics", timeout=10).read().decode()
    series = collections.Counter(); g = {}
    for l in txt.splitlines():
        if l.startswith("#") or not l: continue
        name = re.split(r"[{ ]", l, 1)[0]; series[name] += 1
        if name in ("backstop_calls_in_flight", "backstop_admission_queued", "backstop_admission_running", "backstop_admission_cost_in_use"):
            g[name.replace("backstop_", "")] = float(l.rsplit(" ", 1)[1])
    return len(txt.splitlines()), series, g

while True:
    m = (time.time() - t0) / 60
    with open(GCLOG) as f:
        f.seek(gcpos); new = f.read(); gcpos = f.tell()
    afters = [(int(x[3]), x[1]) for x in PAUSE.findall(new)]
    fulls = sum(1 for a in afters if a[1] == "Full")
    with open(SLOG, errors="replace") as f:
        f.seek(logpos); lnew = f.read(); logpos = f.tell()
    warn = [l[:240] for l in lnew.splitlines() if re.search(r" (WARN|ERROR) |Exception|\tat ", l)]
    rss, thr, fds = proc()
    nlines, series, gauges = metrics()
    t1 = time.time(); status = "OK"; elapsed = None; tries = 0
    while True:
        tries += 1
        try:
            r = stub.QuoteCover(REQ, timeout=120); elapsed = r.provenance.elapsed_millis; status = "OK"; break
        except grpc.RpcError as e:
            err = BackstopError.from_rpc_error(e); status = err.code.name
            if status == "RESOURCE_EXHAUSTED" and tries < 5: time.sleep(err.retry_delay_seconds or 1); continue
            break
    ref_ms = (time.time() - t1) * 1000
    if status == "OK": lat.append(ref_ms)
    rec = {"t": round(time.time()), "min": round(m, 1), "heap_after_min": min([a[0] for a in afters], default=None),
           "heap_after_last": afters[-1][0] if afters else None, "gcs": len(afters), "full_gcs": fulls,
           "rss_mb": rss, "threads": thr, "fds": fds, "metric_lines": nlines, "series": dict(series), "gauges": gauges,
           "ref_ms": round(ref_ms), "ref_elapsed_ms": elapsed, "ref_status": status, "ref_tries": tries,
           "warn_lines": len(warn), "warn_sample": warn[:5]}
    out.write(json.dumps(rec) + "\n"); out.flush()
    print(f"{m:5.1f} heapAfter={rec['heap_after_min']}/{rec['heap_after_last']}M gcs={len(afters)} full={fulls} rss={rss}M thr={thr} fds={fds} "
          f"mlines={nlines} inflight={gauges.get('calls_in_flight')} q={gauges.get('admission_queued')} ref={rec['ref_ms']}ms/{elapsed} {status} tries={tries} warn={len(warn)}", flush=True)
    if m >= MIN: break
    time.sleep(max(1, 60 - (time.time() - t1) - (time.time() - t1 if False else 0)))
