"""Relay global IDs: base64 of "TypeName:primaryKey", opaque to clients."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.relay import GlobalID

from spark_graph.errors import DomainError, ErrorCode


def global_id(type_name: str, pk: int) -> str:
    return str(GlobalID(type_name=type_name, node_id=str(pk)))


def node_keys(node_ids: Iterable[str]) -> list[int]:
    """Primary keys of the IDs `node(id:)` hands a type's `resolve_nodes`; -1 (no row) for
    anything that is not a number, so a malformed ID resolves to null, not an error."""
    return [int(i) if i.isdigit() else -1 for i in node_ids]


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
