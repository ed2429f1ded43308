"""Every type, field, argument, input field and enum value has a description: they are what
a frontend developer reads in GraphiQL's docs pane."""

from __future__ import annotations

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)

from spark_graph.schema import get_schema


def _described(description: str | None) -> bool:
    return bool(description and description.strip())


def _arguments(owner: str, arguments: dict[str, GraphQLArgument]) -> list[str]:
    return [
        f"argument {owner}({name}:)"
        for name, argument in arguments.items()
        if not _described(argument.description)
    ]


def _fields(type_name: str, fields: dict[str, GraphQLField]) -> list[str]:
    missing = []
    for name, field in fields.items():
        if not _described(field.description):
            missing.append(f"field {type_name}.{name}")
        missing += _arguments(f"{type_name}.{name}", field.args)
    return missing


def undescribed(schema: GraphQLSchema) -> list[str]:
    """Everything in the schema that a developer would see without a description."""
    missing = []
    for name, named_type in schema.type_map.items():
        if name.startswith("__"):
            continue  # introspection types come with graphql-core's own text
        if not _described(named_type.description):
            missing.append(f"type {name}")
        if isinstance(named_type, GraphQLObjectType | GraphQLInterfaceType):
            missing += _fields(name, named_type.fields)
        elif isinstance(named_type, GraphQLInputObjectType):
            missing += [
                f"input field {name}.{field_name}"
                for field_name, field in named_type.fields.items()
                if not _described(field.description)
            ]
        elif isinstance(named_type, GraphQLEnumType):
            missing += [
                f"enum value {name}.{value_name}"
                for value_name, value in named_type.values.items()
                if not _described(value.description)
            ]
    for directive in schema.directives:
        missing += _arguments(f"@{directive.name}", directive.args)
    return sorted(missing)


def test_every_schema_element_has_a_description():
    # given
    schema = get_schema()._schema

    # when
    missing = undescribed(schema)

    # then
    assert not missing, "add a description (GraphiQL's docs) to:\n" + "\n".join(missing)


def test_the_check_reports_an_undescribed_field():
    # given: a schema with one field and nothing described
    from graphql import build_schema

    schema = build_schema('"""Root."""\ntype Query { hello(name: String): String }')

    # when
    missing = undescribed(schema)

    # then
    assert missing == ["argument Query.hello(name:)", "field Query.hello"]


INPUT_ARGUMENT_QUERY = """
query InputArgumentDocs {
  __schema { mutationType { fields { name args { name description } } } }
}
"""


async def test_a_mutation_input_without_its_own_text_points_to_its_input_type(gql):
    # given / when: what GraphiQL's docs pane reads
    data = await gql.data(INPUT_ARGUMENT_QUERY)

    # then
    fields = {field["name"]: field for field in data["__schema"]["mutationType"]["fields"]}
    [argument] = fields["signUp"]["args"]
    assert argument == {
        "name": "input",
        "description": "Parameters for `signUp`: see `SignUpInput`.",
    }
