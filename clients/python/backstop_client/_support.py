"""``google.rpc`` and ``grpc.health.v1`` messages, in a descriptor pool of this package's own.

The client decodes ``google.rpc.Status`` / ``BadRequest`` / ``RetryInfo`` from the
``grpc-status-details-bin`` trailer and calls ``grpc.health.v1.Health``, with the small copies
of those files in ``clients/python/proto/`` (Debian has no googleapis-common-protos for
Python). Generated ``_pb2`` modules would register ``google/rpc/status.proto`` and the
``google.rpc.*`` names in protobuf's default pool, where googleapis-common-protos, grpcio-status
and grpcio-health-checking register the same files and names: whichever came second would fail
to import ("A file with this name is already in the pool"). So ``scripts/generate.sh`` writes
them as a descriptor set, loaded here into a private :class:`DescriptorPool`; the default pool
never sees them, and the wire format is the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Type

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import Message

__all__ = [
    "BadRequest",
    "HealthCheckRequest",
    "HealthCheckResponse",
    "POOL",
    "RetryInfo",
    "Status",
    "serving_status_name",
]

_SET = Path(__file__).resolve().parent / "_gen" / "support.binpb"

#: The private pool holding google/rpc/*.proto, grpc/health/v1/health.proto and their imports.
POOL = descriptor_pool.DescriptorPool()
for _file in descriptor_pb2.FileDescriptorSet.FromString(_SET.read_bytes()).file:
    POOL.Add(_file)


def _message_class(full_name: str) -> Type[Message]:
    descriptor = POOL.FindMessageTypeByName(full_name)
    get_class = getattr(message_factory, "GetMessageClass", None)  # protobuf >= 4.22
    if get_class is not None:
        return get_class(descriptor)
    return message_factory.MessageFactory(POOL).GetPrototype(descriptor)


Status = _message_class("google.rpc.Status")
BadRequest = _message_class("google.rpc.BadRequest")
RetryInfo = _message_class("google.rpc.RetryInfo")
HealthCheckRequest = _message_class("grpc.health.v1.HealthCheckRequest")
HealthCheckResponse = _message_class("grpc.health.v1.HealthCheckResponse")

_SERVING_STATUS = HealthCheckResponse.DESCRIPTOR.enum_types_by_name["ServingStatus"]


def serving_status_name(number: int) -> str:
    """The name of a grpc.health.v1 ServingStatus number: 1 -> "SERVING"."""
    value = _SERVING_STATUS.values_by_number.get(number)
    return value.name if value is not None else str(number)
