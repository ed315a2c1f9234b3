"""A thin, typed client of ``backstop.v1.PricingService`` over the generated stubs.

Every method takes and returns the generated protobuf messages (so the proto3 JSON files in
``examples/`` load with ``google.protobuf.json_format``) and raises :class:`BackstopError`
on any failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import (
    Callable, Generic, Iterable, Iterator, Mapping, Optional, Type, TypedDict, TypeVar, Union,
)

import grpc
from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from ._gen.backstop.v1 import pricing_service_pb2 as pb
from ._gen.backstop.v1 import pricing_service_pb2_grpc
from ._support import HealthCheckRequest, HealthCheckResponse, serving_status_name
from .errors import BackstopError

__all__ = [
    "BackstopClient",
    "PendingCall",
    "QuoteStream",
    "TlsOptions",
    "ProgressCallback",
    "connect",
    "load_request",
    "collateral_request",
    "stress_request",
]

#: Called with each progress event of a streamed quote.
ProgressCallback = Callable[[pb.QuoteProgress], None]

_Pem = Union[bytes, str, os.PathLike]
M = TypeVar("M", bound=Message)
R = TypeVar("R", bound=Message)

#: Largest response the client accepts (a quote with big profiles is well below this).
DEFAULT_MAX_RECEIVE_BYTES = 64 * 1024 * 1024



# Every Backstop RPC is idempotent (a quote is a function of the request), so a call that fails
# with UNAVAILABLE before the server answered (a connection that closed, a server restarting
# during a rolling update) is retried, as gRPC's retry policy does it. Not retried: anything the
# server decided (INVALID_ARGUMENT, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, ...).
RETRY_SERVICE_CONFIG = json.dumps({
    "methodConfig": [{
        "name": [{"service": "backstop.v1.PricingService"}, {"service": "grpc.health.v1.Health"}],
        "retryPolicy": {
            "maxAttempts": 3,
            "initialBackoff": "0.1s",
            "maxBackoff": "1s",
            "backoffMultiplier": 2,
            "retryableStatusCodes": ["UNAVAILABLE"],
        },
    }]
})

def _channel_options(
    max_receive_bytes: int, options: Optional[Iterable[tuple[str, object]]]
) -> list[tuple[str, object]]:
    """The channel options: the client's, then the caller's. grpcio takes the first value of an
    option given twice, so a ``grpc.service_config`` of the caller's (a load-balancing policy)
    is merged into the client's one rather than appended, where it would be dropped."""
    config = json.loads(RETRY_SERVICE_CONFIG)
    rest: list[tuple[str, object]] = []
    merged = False
    for key, value in options or ():
        if key != "grpc.service_config" or merged:
            rest.append((key, value))
            continue
        theirs = json.loads(value)
        if not isinstance(theirs, dict):
            raise ValueError(f"grpc.service_config must be a JSON object, is {value!r}")
        config = {**config, **theirs}  # the caller's methodConfig, if any, replaces the retry one
        merged = True
    return [
        ("grpc.max_receive_message_length", max_receive_bytes),
        ("grpc.enable_retries", 1),
        ("grpc.service_config", json.dumps(config)),
        *rest,
    ]


class TlsOptions(TypedDict, total=False):
    """TLS material, each PEM as bytes or as a path to a PEM file. All optional:
    ``{}`` is TLS against the system's roots; ``private_key`` + ``certificate_chain``
    give mutual TLS."""

    root_certificates: _Pem
    private_key: _Pem
    certificate_chain: _Pem


def _pem(value: Optional[_Pem]) -> Optional[bytes]:
    if value is None or isinstance(value, bytes):
        return value
    return Path(value).read_bytes()


def load_request(path: Union[str, os.PathLike], message_type: Type[M] = pb.QuoteCoverRequest) -> M:
    """Reads a request file (the proto3 JSON of ``message_type``) with protobuf's own parser.

    Raises ``OSError`` when the file cannot be read, and ``json_format.ParseError`` when it is
    not a request: not UTF-8, not JSON, not a JSON object, an unknown field name (so a typo is
    not silently dropped), or a field given under both its names (``priceUsd`` and
    ``price_usd``), which protobuf's Python parser would take with the later value winning
    (a null one clearing the field) where the Java parser refuses it.
    """
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise json_format.ParseError(f"not UTF-8 text: {e}") from None
    # A leading byte-order mark (as some Windows editors write) is not JSON, but the command
    # line's parser skips it: read the file as it does.
    text = text.removeprefix("\ufeff")
    try:
        value = json.loads(text)
    except ValueError as e:
        raise json_format.ParseError(f"not JSON: {e}") from None
    _check_field_names(value, message_type.DESCRIPTOR, "")
    return json_format.Parse(text, message_type())


_TYPE_NAMES = {
    FieldDescriptor.TYPE_DOUBLE: "a number", FieldDescriptor.TYPE_FLOAT: "a number",
    FieldDescriptor.TYPE_INT32: "an integer", FieldDescriptor.TYPE_INT64: "an integer",
    FieldDescriptor.TYPE_UINT32: "an integer", FieldDescriptor.TYPE_UINT64: "an integer",
    FieldDescriptor.TYPE_SINT32: "an integer", FieldDescriptor.TYPE_SINT64: "an integer",
    FieldDescriptor.TYPE_FIXED32: "an integer", FieldDescriptor.TYPE_FIXED64: "an integer",
    FieldDescriptor.TYPE_SFIXED32: "an integer", FieldDescriptor.TYPE_SFIXED64: "an integer",
    FieldDescriptor.TYPE_STRING: "a string", FieldDescriptor.TYPE_BYTES: "a base64 string",
    FieldDescriptor.TYPE_ENUM: "an enum name or number",
}


def _check_field_names(value: object, descriptor: Descriptor, path: str) -> None:
    """Raises ParseError, with the field's proto path, for a JSON object that is not one or that
    gives a field of ``descriptor`` twice (by its JSON name and its proto name), or a JSON
    boolean for a field that is not a bool. Values json_format refuses on its own (unknown
    names, other wrong types) are left to it."""
    if not isinstance(value, dict):
        raise json_format.ParseError(
            f"{path or '(request)'}: not a JSON object: expected a JSON object for "
            f"{descriptor.full_name}, was {json.dumps(value)[:80]}")
    given: dict[str, str] = {}
    for key, item in value.items():
        field = descriptor.fields_by_name.get(key)
        if field is None:
            field = next((f for f in descriptor.fields if f.json_name == key), None)
        if field is None:
            continue
        at = f"{path}.{field.name}" if path else field.name
        if field.name in given:
            raise json_format.ParseError(
                f'{at}: given twice, as "{given[field.name]}" and "{key}" (give it once)')
        given[field.name] = key
        if field.type != FieldDescriptor.TYPE_BOOL and field.message_type is None:
            # json_format takes true/false for a number or an enum (bool is an int in Python)
            # and would price `true` as 1.0; the proto3 JSON mapping allows it for bool only.
            values = item if field.label == FieldDescriptor.LABEL_REPEATED and isinstance(item, list) \
                else [item]
            for element in values:
                if isinstance(element, bool):
                    raise json_format.ParseError(
                        f"{at}: {json.dumps(element)} is not {_TYPE_NAMES.get(field.type, 'a value')} "
                        "(a JSON boolean is only for a bool field)")
        sub = field.message_type
        if sub is None or item is None or sub.full_name.startswith("google.protobuf.") \
                or sub.GetOptions().map_entry:
            continue
        if field.label == FieldDescriptor.LABEL_REPEATED:
            if isinstance(item, list):
                for i, element in enumerate(item):
                    if element is not None:
                        _check_field_names(element, sub, f"{at}[{i}]")
        else:
            _check_field_names(item, sub, at)


def collateral_request(
    quote: pb.QuoteCoverRequest, target_probability: float = 0.0
) -> pb.AssessCollateralRequest:
    """AssessCollateralRequest for the exposure and settings of a quote request
    (as ``./backstop collateral FILE`` builds it). 0: the model's default probability."""
    return pb.AssessCollateralRequest(
        exposure=quote.exposure, settings=quote.settings, target_probability=target_probability
    )


def stress_request(
    quote: pb.QuoteCoverRequest,
    shocks: Optional[Mapping[str, float]] = None,
    default_shock: float = -0.30,
    max_rounds: int = 0,
) -> pb.StressTestRequest:
    """StressTestRequest for the exposure of a quote request. ``shocks`` maps asset id to
    shock fraction (-0.43 is a 43% fall); absent or empty: every asset by ``default_shock``,
    in the exposure's asset order (as ``./backstop stress FILE`` does)."""
    if shocks:
        items: Iterable[tuple[str, float]] = shocks.items()
    else:
        items = ((a.id, default_shock) for a in quote.exposure.assets)
    return pb.StressTestRequest(
        exposure=quote.exposure,
        shocks=[pb.Shock(asset_id=i, shock_fraction=f) for i, f in items],
        max_rounds=max_rounds,
    )


class BackstopClient:
    """Client of one Backstop server. Use as a context manager, or call :meth:`close`.

    ``timeout`` arguments are deadlines in seconds; ``None`` uses ``default_timeout``
    (itself ``None``: no deadline).
    """

    def __init__(
        self,
        channel: grpc.Channel,
        default_timeout: Optional[float] = None,
        metadata: Optional[Iterable[tuple[str, str]]] = None,
    ) -> None:
        self._channel = channel
        self._stub = pricing_service_pb2_grpc.PricingServiceStub(channel)
        # grpc.health.v1.Health/Check by hand: its messages live in this package's private
        # descriptor pool (see _support), so there is no generated stub for it.
        self._health_check = channel.unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=HealthCheckRequest.SerializeToString,
            response_deserializer=HealthCheckResponse.FromString,
        )
        self.default_timeout = default_timeout
        self._metadata = tuple(metadata or ())

    # -- connection ---------------------------------------------------------------------

    @classmethod
    def connect(
        cls,
        target: str,
        tls: Optional[TlsOptions] = None,
        *,
        default_timeout: Optional[float] = None,
        metadata: Optional[Iterable[tuple[str, str]]] = None,
        options: Optional[Iterable[tuple[str, object]]] = None,
        max_receive_bytes: int = DEFAULT_MAX_RECEIVE_BYTES,
    ) -> "BackstopClient":
        """Opens a channel to ``target`` ("host:port").

        ``tls=None``: plaintext (h2c, as ``./backstop serve`` listens). ``tls={}``: TLS with
        the system roots; see :class:`TlsOptions` for a private CA and mutual TLS.
        ``options`` are extra grpcio channel options (e.g. keepalive). A
        ``grpc.service_config`` among them (e.g. ``{"loadBalancingConfig": [{"round_robin":
        {}}]}``) is merged with the client's retry policy: its ``methodConfig``, if it has one,
        replaces the client's.
        """
        opts = _channel_options(max_receive_bytes, options)
        if tls is None:
            channel = grpc.insecure_channel(target, options=opts)
        else:
            credentials = grpc.ssl_channel_credentials(
                root_certificates=_pem(tls.get("root_certificates")),
                private_key=_pem(tls.get("private_key")),
                certificate_chain=_pem(tls.get("certificate_chain")),
            )
            channel = grpc.secure_channel(target, credentials, options=opts)
        return cls(channel, default_timeout=default_timeout, metadata=metadata)

    def close(self) -> None:
        """Closes the channel; calls in flight are cancelled."""
        self._channel.close()

    def __enter__(self) -> "BackstopClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def wait_ready(self, timeout: float) -> None:
        """Blocks until the channel is connected, or raises BackstopError(UNAVAILABLE)."""
        try:
            grpc.channel_ready_future(self._channel).result(timeout=timeout)
        except grpc.FutureTimeoutError:
            raise BackstopError(
                grpc.StatusCode.UNAVAILABLE, f"no connection within {timeout:g} s"
            ) from None

    # -- calls --------------------------------------------------------------------------

    def model_info(self, timeout: Optional[float] = None) -> pb.GetModelInfoResponse:
        """GetModelInfo: model version, per-class defaults, limits, and ``available_rpcs``
        (the RPCs that return real results)."""
        return self._unary("GetModelInfo", self._stub.GetModelInfo, pb.GetModelInfoRequest(), timeout)

    def health(self, service: str = "", timeout: Optional[float] = None) -> str:
        """grpc.health.v1.Health/Check: "SERVING", "NOT_SERVING" (while the server warms up),
        ... for the server as a whole (``""``) or a service such as
        ``"backstop.v1.PricingService"``."""
        response = self._unary("Health/Check", self._health_check,
                               HealthCheckRequest(service=service), timeout)
        return serving_status_name(response.status)

    def quote(
        self,
        request: Union[pb.QuoteCoverRequest, pb.StreamQuoteCoverRequest],
        timeout: Optional[float] = None,
    ) -> pb.QuoteCoverResponse:
        """QuoteCover: premium breakdown, tail loss, cascade metrics, collateral, provenance."""
        return self._unary("QuoteCover", self._stub.QuoteCover, _as(request, pb.QuoteCoverRequest), timeout)

    def stream_quote(
        self,
        request: Union[pb.QuoteCoverRequest, pb.StreamQuoteCoverRequest],
        on_progress: Optional[ProgressCallback] = None,
        timeout: Optional[float] = None,
    ) -> pb.QuoteCoverResponse:
        """StreamQuoteCover: calls ``on_progress`` with each progress event, returns the final
        result (the same response QuoteCover gives). An exception raised by ``on_progress``
        cancels the call and propagates."""
        result: Optional[pb.QuoteCoverResponse] = None
        events = self.stream_quote_events(request, timeout)
        try:
            for event in events:
                kind = event.WhichOneof("event")
                if kind == "progress":
                    if result is not None:
                        raise BackstopError(
                            grpc.StatusCode.INTERNAL, "stream sent progress after the result",
                            rpc="StreamQuoteCover",
                        )
                    if on_progress is not None:
                        on_progress(event.progress)
                elif kind == "result":
                    if result is not None:
                        raise BackstopError(
                            grpc.StatusCode.INTERNAL, "stream sent more than one result",
                            rpc="StreamQuoteCover",
                        )
                    result = event.result
        finally:
            events.close()  # cancels the call if on_progress raised
        if result is None:
            raise BackstopError(
                grpc.StatusCode.INTERNAL, "stream ended without a result", rpc="StreamQuoteCover"
            )
        return result

    def stream_quote_events(
        self,
        request: Union[pb.QuoteCoverRequest, pb.StreamQuoteCoverRequest],
        timeout: Optional[float] = None,
    ) -> "QuoteStream":
        """StreamQuoteCover as the raw stream of events (progress ..., result): a
        :class:`QuoteStream`, which any thread may cancel. Leaving the loop early (break,
        exception, garbage collection) cancels the call too."""
        call = self._stub.StreamQuoteCover(
            _as(request, pb.StreamQuoteCoverRequest),
            timeout=self._timeout(timeout),
            metadata=self._metadata,
        )
        return QuoteStream(call)

    def assess_collateral(
        self, request: pb.AssessCollateralRequest, timeout: Optional[float] = None
    ) -> pb.AssessCollateralResponse:
        """AssessCollateral: max LTV, liquidation threshold and bonus per collateral asset,
        with haircut parts and the base, high-volatility and low-volatility regimes. See :func:`collateral_request`."""
        return self._unary("AssessCollateral", self._stub.AssessCollateral, request, timeout)

    def stress(
        self, request: pb.StressTestRequest, timeout: Optional[float] = None
    ) -> pb.StressTestResponse:
        """StressTest: the cascade after the given shocks, round by round. See
        :func:`stress_request`."""
        return self._unary("StressTest", self._stub.StressTest, request, timeout)

    # -- calls that can be cancelled ----------------------------------------------------
    #
    # Each returns at once with a PendingCall: another thread (a UI, a supervisor, a
    # shutdown handler) may cancel it while this one waits on result(). A cancelled call
    # stops the server's simulation, as a deadline does.

    def quote_future(
        self,
        request: Union[pb.QuoteCoverRequest, pb.StreamQuoteCoverRequest],
        timeout: Optional[float] = None,
    ) -> "PendingCall[pb.QuoteCoverResponse]":
        """QuoteCover, started: see :class:`PendingCall`."""
        return self._start("QuoteCover", self._stub.QuoteCover, _as(request, pb.QuoteCoverRequest),
                           timeout)

    def assess_collateral_future(
        self, request: pb.AssessCollateralRequest, timeout: Optional[float] = None
    ) -> "PendingCall[pb.AssessCollateralResponse]":
        """AssessCollateral, started: see :class:`PendingCall`."""
        return self._start("AssessCollateral", self._stub.AssessCollateral, request, timeout)

    def stress_future(
        self, request: pb.StressTestRequest, timeout: Optional[float] = None
    ) -> "PendingCall[pb.StressTestResponse]":
        """StressTest, started: see :class:`PendingCall`."""
        return self._start("StressTest", self._stub.StressTest, request, timeout)

    # -- internals ----------------------------------------------------------------------

    def _timeout(self, timeout: Optional[float]) -> Optional[float]:
        return self.default_timeout if timeout is None else timeout

    def _unary(self, rpc: str, method, request: Message, timeout: Optional[float]):
        try:
            return method(request, timeout=self._timeout(timeout), metadata=self._metadata)
        except grpc.RpcError as e:
            raise BackstopError.from_rpc_error(e, rpc) from None

    def _start(self, rpc: str, method, request: Message, timeout: Optional[float]) -> "PendingCall":
        return PendingCall(
            method.future(request, timeout=self._timeout(timeout), metadata=self._metadata), rpc
        )


class PendingCall(Generic[R]):
    """A unary call in flight (``quote_future``, ``assess_collateral_future``,
    ``stress_future``). Thread-safe: one thread may wait on :meth:`result` while another
    calls :meth:`cancel`.
    """

    def __init__(self, future: grpc.Future, rpc: str) -> None:
        self._future = future
        self._rpc = rpc

    def result(self, timeout: Optional[float] = None) -> R:
        """The response, waiting for it. Raises :class:`BackstopError` when the call failed
        (``CANCELLED`` after :meth:`cancel`), and the builtin ``TimeoutError`` when
        ``timeout`` seconds pass first (the call goes on: its deadline is the one given when
        it started)."""
        try:
            return self._future.result(timeout=timeout)
        except grpc.FutureCancelledError:
            raise BackstopError(
                grpc.StatusCode.CANCELLED, "cancelled by the client", rpc=self._rpc
            ) from None
        except grpc.FutureTimeoutError:
            raise TimeoutError(
                f"{self._rpc}: no response within {timeout:g} s (the call goes on)"
            ) from None
        except grpc.RpcError as e:
            raise BackstopError.from_rpc_error(e, self._rpc) from None

    def cancel(self) -> bool:
        """Cancels the call; the server stops its work. False when it had already ended."""
        return self._future.cancel()

    def cancelled(self) -> bool:
        """The call was cancelled before it ended."""
        return self._future.cancelled()

    def done(self) -> bool:
        """The call has ended: a response, an error, or a cancellation."""
        return self._future.done()

    def add_done_callback(self, fn: Callable[["PendingCall[R]"], None]) -> None:
        """Calls ``fn(self)`` when the call ends (at once if it has), on a gRPC thread."""
        self._future.add_done_callback(lambda _: fn(self))


class QuoteStream(Iterator[pb.StreamQuoteCoverResponse]):
    """The events of a StreamQuoteCover call: progress events, then one result. Iterate it on
    one thread; :meth:`cancel` from any thread ends the iteration with
    ``BackstopError(CANCELLED)`` and stops the server's work. A context manager; leaving it,
    :meth:`close` or garbage collection cancel the call if it is still running.
    """

    def __init__(self, call) -> None:
        self._call = call

    def __iter__(self) -> "QuoteStream":
        return self

    def __next__(self) -> pb.StreamQuoteCoverResponse:
        try:
            return next(self._call)
        except grpc.RpcError as e:
            raise BackstopError.from_rpc_error(e, "StreamQuoteCover") from None

    def cancel(self) -> bool:
        """Cancels the call; False when it had already ended."""
        return self._call.cancel()

    def close(self) -> None:
        """Cancels the call if it is still running (a no-op once the stream has ended)."""
        self._call.cancel()

    def __enter__(self) -> "QuoteStream":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        call = getattr(self, "_call", None)
        if call is not None:
            call.cancel()


def connect(target: str, tls: Optional[TlsOptions] = None, **kwargs) -> BackstopClient:
    """Shorthand for :meth:`BackstopClient.connect`."""
    return BackstopClient.connect(target, tls, **kwargs)


def _as(request: Message, message_type: Type[M]) -> M:
    """QuoteCoverRequest and StreamQuoteCoverRequest share field numbers and names, so one
    converts to the other through its bytes."""
    if isinstance(request, message_type):
        return request
    if request.DESCRIPTOR.full_name not in (
        pb.QuoteCoverRequest.DESCRIPTOR.full_name,
        pb.StreamQuoteCoverRequest.DESCRIPTOR.full_name,
    ):
        raise TypeError(f"expected {message_type.DESCRIPTOR.full_name}, got {request.DESCRIPTOR.full_name}")
    return message_type.FromString(request.SerializeToString())


