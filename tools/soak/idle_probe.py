#!/usr/bin/python3
"""After a soak: 16 concurrent small calls on an idle server must all be OK (no leaked gate or
admission permits: 16 < 18 admission slots < 20 gate permits). Usage: idle_probe.py HOST:PORT"""
import os, sys, threading, collections, grpc
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "clients/python"))
from backstop_client import load_request, stress_request
from backstop_client._gen.backstop.v1 import pricing_service_pb2_grpc as pbg
req = load_request(os.path.join(ROOT, "examples/crypto-lending.json")); req.settings.scenarios = 500
st = pbg.PricingServiceStub(grpc.insecure_channel(sys.argv[1]))
c = collections.Counter()
def one():
    try: st.QuoteCover(req, timeout=60); c["OK"] += 1
    except grpc.RpcError as e: c[e.code().name + ": " + e.details()[:80]] += 1
ts = [threading.Thread(target=one) for _ in range(16)]
[t.start() for t in ts]; [t.join() for t in ts]
print(dict(c))
