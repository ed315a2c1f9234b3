"""One exception type for every failed Backstop call.

A gRPC error from the server carries, besides its status code and message, a serialized
``google.rpc.Status`` in the ``grpc-status-details-bin`` trailer. Backstop puts a
``google.rpc.BadRequest`` there for bad input (one field violation per bad field, with a
path like ``exposure.assets[2].annual_volatility``) and a ``google.rpc.RetryInfo`` when it
is at capacity. :class:`BackstopError` decodes both, with this package's private copies of
those messages (``_support``), so that it coexists with googleapis-common-protos.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence, Tuple

import grpc
from google.protobuf.message import DecodeError

from ._support import BadRequest, RetryInfo, Status

__all__ = ["BackstopError", "FieldViolation", "STATUS_DETAILS_KEY"]

#: Trailer in which a gRPC server sends the serialized google.rpc.Status.
STATUS_DETAILS_KEY = "grpc-status-details-bin"

_BAD_REQUEST = BadRequest.DESCRIPTOR.full_name
_RETRY_INFO = RetryInfo.DESCRIPTOR.full_name


@dataclass(frozen=True)
class FieldViolation:
    """One bad field of a request."""

    #: Path of the field in the request, proto field names: ``exposure.assets[0].price_usd``.
    field: str
    #: What was wrong and what is allowed.
    description: str
    #: Machine-readable reason (UPPER_SNAKE_CASE) when the server sets one, else "".
    reason: str = ""


@dataclass(eq=False)
class BackstopError(Exception):
    """A Backstop call failed.

    ``code`` is the gRPC status code (``grpc.StatusCode.INVALID_ARGUMENT``, ...),
    ``message`` the server's (or the gRPC runtime's) explanation, ``field_violations``
    the decoded ``google.rpc.BadRequest`` (empty when there is none) and
    ``retry_delay_seconds`` the decoded ``google.rpc.RetryInfo`` (None when there is none).
    """

    code: grpc.StatusCode
    message: str
    field_violations: list[FieldViolation] = field(default_factory=list)
    retry_delay_seconds: Optional[float] = None
    #: Name of the RPC that failed, e.g. "QuoteCover" (empty when unknown).
    rpc: str = ""

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.rpc}: " if self.rpc else ""
        text = f"{where}{self.code.name}: {self.message}"
        for v in self.field_violations:
            text += f"\n  {v.field}: {v.description}"
        if self.retry_delay_seconds is not None:
            text += f"\n  retry after {self.retry_delay_seconds:g} s"
        return text

    def violation_fields(self) -> list[str]:
        """The paths of the bad fields, in the server's order."""
        return [v.field for v in self.field_violations]

    @classmethod
    def from_rpc_error(cls, error: grpc.RpcError, rpc: str = "") -> "BackstopError":
        """Builds the exception from what grpcio raised (a grpc.Call that is also an RpcError)."""
        code = _call_attr(error, "code") or grpc.StatusCode.UNKNOWN
        message = _call_attr(error, "details") or ""
        trailers = _call_attr(error, "trailing_metadata") or ()
        violations, retry = decode_status_details(trailers)
        return cls(code, message, violations, retry, rpc)


def decode_status_details(
    trailers: Sequence[Tuple[str, object]],
) -> tuple[list[FieldViolation], Optional[float]]:
    """Field violations and retry delay from a call's trailing metadata (empty/None if absent)."""
    violations: list[FieldViolation] = []
    retry: Optional[float] = None
    for key, value in trailers:
        if key != STATUS_DETAILS_KEY or not isinstance(value, (bytes, bytearray)):
            continue
        try:
            status = Status.FromString(bytes(value))
        except DecodeError:
            continue
        for detail in status.details:
            # The Any of a private pool has no Unpack(): its type URL names the message
            # ("type.googleapis.com/google.rpc.BadRequest") and its value is that message's bytes.
            name = detail.type_url.rpartition("/")[2]
            try:
                if name == _BAD_REQUEST:
                    bad = BadRequest.FromString(detail.value)
                    violations.extend(
                        FieldViolation(v.field, v.description, v.reason)
                        for v in bad.field_violations
                    )
                elif name == _RETRY_INFO:
                    info = RetryInfo.FromString(detail.value)
                    retry = info.retry_delay.seconds + info.retry_delay.nanos / 1e9
            except DecodeError:
                continue
    return violations, retry


def _call_attr(error: grpc.RpcError, name: str):
    method = getattr(error, name, None)
    if not callable(method):
        return None
    try:
        return method()
    except Exception:  # a half-built call object: keep what we have
        return None
