#!/usr/bin/python3
"""Repro: every simulation call with a deadline leaves a cancelled timer task in the server's
backstop-timer queue until its deadline passes. Sends N cheap invalid QuoteCover calls (an empty
request: INVALID_ARGUMENT at once) with a deadline of TIMEOUT seconds over THREADS threads.
Usage: timer_retention.py HOST:PORT N TIMEOUT [THREADS]"""
import os, sys, time, threading, collections, grpc
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "clients/python"))
from backstop_client._gen.backstop.v1 import pricing_service_pb2 as pb, pricing_service_pb2_grpc as pbg
target, n, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 4
st = pbg.PricingServiceStub(grpc.insecure_channel(target))
c = collections.Counter(); lock = threading.Lock(); t0 = time.time()
def run(k):
    for _ in range(k):
        try: st.QuoteCover(pb.QuoteCoverRequest(), timeout=timeout); s = "OK"
        except grpc.RpcError as e: s = e.code().name
        with lock: c[s] += 1
ts = [threading.Thread(target=run, args=(n // threads,)) for _ in range(threads)]
[t.start() for t in ts]; [t.join() for t in ts]
print(dict(c), f"{time.time() - t0:.1f} s")
