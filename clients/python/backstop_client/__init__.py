"""Python client of Backstop's gRPC pricing service (``backstop.v1.PricingService``).

    from backstop_client import connect, load_request

    with connect("localhost:9000") as client:
        info = client.model_info()
        quote = client.quote(load_request("examples/crypto-lending.json"), timeout=120)

The message classes are generated from ``proto/`` by ``clients/python/scripts/generate.sh``
into ``backstop_client._gen``; they are re-exported here as ``pb`` (pricing_service_pb2,
which holds the requests and responses), ``quote_pb2`` and ``exposure_pb2``.
"""

from pathlib import Path as _Path

from ._stamp import stale_stubs as _stale_stubs

_stale = _stale_stubs(
    _Path(__file__).resolve().parent,
    _Path(__file__).resolve().parents[3] / "proto" / "src" / "main" / "proto",
)
if _stale:
    raise ImportError(_stale)

try:
    from ._gen.backstop.v1 import exposure_pb2, quote_pb2
    from ._gen.backstop.v1 import pricing_service_pb2 as pb
except ImportError as e:  # pragma: no cover - a clear message for a fresh checkout
    raise ImportError(
        "backstop_client: the generated stubs are missing or broken; run "
        "clients/python/scripts/generate.sh (needs Debian's protobuf-compiler and "
        "protobuf-compiler-grpc) and use /usr/bin/python3 with python3-grpcio and "
        f"python3-protobuf ({e})"
    ) from e

from .client import (
    BackstopClient,
    PendingCall,
    ProgressCallback,
    QuoteStream,
    TlsOptions,
    collateral_request,
    connect,
    load_request,
    stress_request,
)
from .errors import BackstopError, FieldViolation

__all__ = [
    "BackstopClient",
    "BackstopError",
    "FieldViolation",
    "PendingCall",
    "ProgressCallback",
    "QuoteStream",
    "TlsOptions",
    "collateral_request",
    "connect",
    "exposure_pb2",
    "load_request",
    "pb",
    "quote_pb2",
    "stress_request",
]
