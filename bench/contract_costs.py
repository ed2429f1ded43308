"""Print the cost of every contract operation (pages of `--first`, default 20).

    PYTHONPATH=src:. python bench/contract_costs.py [--schema schema.graphql] [--first 20]

Operations the schema does not serve (yet) are listed as such."""

from __future__ import annotations

import argparse
from pathlib import Path

from graphql import GraphQLSchema, build_schema, parse, validate
from tests.contract.operations import ContractOperation, operations_in

from spark_graph.limits.cost import operation_cost
from spark_graph.settings import Settings

DEFAULT_CONTRACT = Path("/work/shared/contract")


def costs(
    schema: GraphQLSchema, operations: list[ContractOperation], first: int
) -> list[tuple[str, int | None]]:
    rows: list[tuple[str, int | None]] = []
    for operation in operations:
        document = parse(operation.document)
        if validate(schema, document):
            rows.append((f"{operation.file}:{operation.name}", None))
            continue
        rows.append(
            (
                f"{operation.file}:{operation.name}",
                operation_cost(schema, document, variables={"first": first}),
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schema", type=Path, help="an SDL file (default: this code's schema)")
    parser.add_argument("--contract", type=Path, default=DEFAULT_CONTRACT)
    parser.add_argument("--first", type=int, default=20)
    args = parser.parse_args()
    if args.schema:
        schema = build_schema(args.schema.read_text())
    else:
        from spark_graph.schema import get_schema

        schema = get_schema()._schema
    operations = [
        op for path in sorted(args.contract.glob("*.graphql")) for op in operations_in(path)
    ]
    limit = Settings.from_env().max_query_cost
    print(f"{'operation':45} {'cost':>6}   (limit {limit}, first={args.first})")
    for name, cost in costs(schema, operations, args.first):
        shown = "not served" if cost is None else str(cost)
        flag = "  OVER" if cost is not None and cost > limit else ""
        print(f"{name:45} {shown:>10}{flag}")


if __name__ == "__main__":
    main()
