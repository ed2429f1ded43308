"""Relay global IDs: base64 of "TypeName:primaryKey", opaque to clients."""

from __future__ import annotations

from strawberry.relay import GlobalID

from spark_graph.errors import DomainError, ErrorCode


def global_id(type_name: str, pk: int) -> str:
    return str(GlobalID(type_name=type_name, node_id=str(pk)))


def decode_id(value: str | GlobalID, expected_type: str, *, field: str) -> int:
    """The primary key inside a global ID of the expected type.

    A malformed ID or one of another type is NOT_FOUND: no object of that type has it."""
    try:
        gid = value if isinstance(value, GlobalID) else GlobalID.from_id(str(value))
        if gid.type_name != expected_type:
            raise ValueError(gid.type_name)
        return int(gid.node_id)
    except (ValueError, TypeError) as exc:
        raise DomainError(
            ErrorCode.NOT_FOUND, f"No {expected_type} has the ID {value!s}.", field
        ) from exc
