"""Query cost, computed from the document before any resolver runs.

The rules, in the style of the big public GraphQL APIs:
- every field whose type is an object (or a list of objects) costs 1; scalars are free;
- a field with a `first` argument multiplies what it selects by `first` (its argument, its
  variable, the variable's default, else the field's default, else the page size). On a
  connection only `edges`/`nodes` are multiplied: `pageInfo` is one object per page;
- fields are merged by response key and fragments are expanded as the executor would; on an
  interface or union the most expensive possible type counts;
- `@skip`/`@include` are honoured.

So `feed(first: 20) { edges { node { ...PostCard } } pageInfo {..} }` costs
1 (feed) + 1 (pageInfo) + 20 x (1 edge + 1 post + 9 objects inside the PostCard) = 222."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from graphql import (
    BooleanValueNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_composite_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

CONNECTION_ITEM_FIELDS = frozenset({"edges", "nodes"})
PAGE_ARGUMENT = "first"

ParentType = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType


@dataclass
class CostCalculator:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    variable_defaults: Mapping[str, Any]
    default_page_size: int
    # The largest `first` the operation asks for, for the page-size cap.
    largest_page: int = 0
    _memo: dict[tuple[str, tuple[int, ...]], int] = field(default_factory=dict)

    def selection_cost(self, parent: ParentType, selections: Sequence[SelectionSetNode]) -> int:
        if isinstance(parent, GraphQLObjectType):
            return self._object_cost(parent, selections)
        # An interface or a union: whichever concrete type costs most. Types no fragment
        # names all select the same fields, so one of them stands for the rest.
        possible = self.schema.get_possible_types(parent)
        named = self._type_conditions(selections)
        candidates = [t for t in possible if t.name in named]
        candidates += [t for t in possible if t.name not in named][:1]
        return max((self._object_cost(t, selections) for t in candidates), default=0)

    def _type_conditions(self, selections: Sequence[SelectionSetNode]) -> set[str]:
        """The type names of the fragments at this level (not inside fields)."""
        names: set[str] = set()
        pending = list(selections)
        seen: set[str] = set()
        while pending:
            for selection in pending.pop().selections:
                if isinstance(selection, InlineFragmentNode):
                    if selection.type_condition is not None:
                        names.add(selection.type_condition.name.value)
                    pending.append(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    fragment = self.fragments.get(selection.name.value)
                    if fragment is not None and fragment.name.value not in seen:
                        seen.add(fragment.name.value)
                        names.add(fragment.type_condition.name.value)
                        pending.append(fragment.selection_set)
        return names

    def _object_cost(
        self, parent: GraphQLObjectType, selections: Sequence[SelectionSetNode]
    ) -> int:
        key = (parent.name, tuple(id(s) for s in selections))
        if key not in self._memo:
            grouped: dict[str, list[FieldNode]] = {}
            for selection_set in selections:
                self._collect(parent, selection_set, grouped, set())
            self._memo[key] = sum(self._field_cost(parent, nodes) for nodes in grouped.values())
        return self._memo[key]

    def _field_cost(self, parent: GraphQLObjectType, nodes: list[FieldNode]) -> int:
        definition = self._field_definition(parent, nodes[0].name.value)
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        if not is_composite_type(named):
            return 0
        assert isinstance(named, ParentType)
        children = [n.selection_set for n in nodes if n.selection_set is not None]
        if PAGE_ARGUMENT not in definition.args:
            return 1 + self.selection_cost(named, children)
        size = self._page_size(nodes[0], definition)
        self.largest_page = max(self.largest_page, size)
        connection_fields = getattr(named, "fields", {})
        if not CONNECTION_ITEM_FIELDS & set(connection_fields):
            # A plain list with `first`: `first` objects and what each selects.
            return size * (1 + self.selection_cost(named, children))
        assert isinstance(named, GraphQLObjectType)
        grouped: dict[str, list[FieldNode]] = {}
        for selection_set in children:
            self._collect(named, selection_set, grouped, set())
        cost = 1
        for child_nodes in grouped.values():
            child_cost = self._field_cost(named, child_nodes)
            is_items = child_nodes[0].name.value in CONNECTION_ITEM_FIELDS
            cost += size * child_cost if is_items else child_cost
        return cost

    def _field_definition(self, parent: GraphQLObjectType, name: str) -> GraphQLField | None:
        if name == "__schema":
            return SchemaMetaFieldDef
        if name == "__type":
            return TypeMetaFieldDef
        return parent.fields.get(name)

    def _page_size(self, node: FieldNode, definition: GraphQLField) -> int:
        for argument in node.arguments or ():
            if argument.name.value != PAGE_ARGUMENT:
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(int(value.value), 0)
            if isinstance(value, VariableNode):
                name = value.name.value
                given = self.variables.get(name, self.variable_defaults.get(name))
                if isinstance(given, int) and not isinstance(given, bool):
                    return max(given, 0)
            return self.default_page_size
        default = _argument_default(definition.args[PAGE_ARGUMENT])
        return max(default, 0) if default is not None else self.default_page_size

    def _collect(
        self,
        runtime_type: GraphQLObjectType,
        selection_set: SelectionSetNode,
        grouped: dict[str, list[FieldNode]],
        visited_fragments: set[str],
    ) -> None:
        for selection in selection_set.selections:
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                grouped.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or self._applies(condition.name.value, runtime_type):
                    self._collect(runtime_type, selection.selection_set, grouped, visited_fragments)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if name in visited_fragments or fragment is None:
                    continue
                visited_fragments.add(name)
                if self._applies(fragment.type_condition.name.value, runtime_type):
                    self._collect(runtime_type, fragment.selection_set, grouped, visited_fragments)

    def _applies(self, type_name: str, runtime_type: GraphQLObjectType) -> bool:
        condition = self.schema.get_type(type_name)
        if condition is None:
            return False
        if condition is runtime_type:
            return True
        if isinstance(condition, GraphQLInterfaceType | GraphQLUnionType):
            return self.schema.is_sub_type(condition, runtime_type)
        return False

    def _included(self, selection: SelectionNode) -> bool:
        for directive in selection.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            condition = next(
                (a.value for a in directive.arguments or () if a.name.value == "if"), None
            )
            if isinstance(condition, BooleanValueNode):
                value = condition.value
            elif isinstance(condition, VariableNode):
                value = bool(self.variables.get(condition.name.value, False))
            else:
                continue
            if (name == "skip" and value) or (name == "include" and not value):
                return False
        return True


class Measure(NamedTuple):
    points: int
    largest_page: int


def select_operation(
    document: DocumentNode, operation_name: str | None
) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == operation_name), None)


def measure_operation(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
    default_page_size: int = 20,
) -> Measure:
    """The cost of the operation the request runs (0 when there is none to run) and the
    largest page it asks for."""
    operation = select_operation(document, operation_name)
    if operation is None:
        return Measure(0, 0)
    root = schema.get_root_type(operation.operation)
    if root is None:
        return Measure(0, 0)
    calculator = CostCalculator(
        schema=schema,
        fragments={
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        },
        variables=variables or {},
        variable_defaults={
            v.variable.name.value: _literal(v.default_value)
            for v in operation.variable_definitions or ()
            if v.default_value is not None
        },
        default_page_size=default_page_size,
    )
    points = calculator.selection_cost(root, [operation.selection_set])
    return Measure(points, calculator.largest_page)


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
    default_page_size: int = 20,
) -> int:
    """The cost of the operation the request runs (0 when there is none to run)."""
    return measure_operation(
        schema,
        document,
        operation_name=operation_name,
        variables=variables,
        default_page_size=default_page_size,
    ).points


def _literal(value: Any) -> Any:
    return int(value.value) if isinstance(value, IntValueNode) else None


def _argument_default(argument: GraphQLArgument) -> int | None:
    """An Int argument's default: `default_value` for schemas built from code, the `default`
    literal for schemas built from SDL (graphql-core 3.3)."""
    value = argument.default_value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    default = getattr(argument, "default", None)
    literal = getattr(default, "literal", None)
    if isinstance(literal, IntValueNode):
        return int(literal.value)
    value = getattr(default, "value", None)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class CostCache:
    """Costs by query text, operation and the variables that can change a cost (ints and
    booleans): clients send the same few queries with different IDs and strings, and the
    cost takes as long as a small query to compute. Bounded, least recently used out."""

    def __init__(self, maxsize: int = 1024) -> None:
        self.maxsize = maxsize
        self._costs: OrderedDict[Hashable, Measure] = OrderedDict()

    def cost(
        self,
        schema: GraphQLSchema,
        query: str,
        document: DocumentNode,
        *,
        operation_name: str | None,
        variables: Mapping[str, Any],
        default_page_size: int,
    ) -> Measure:
        shaping = tuple(sorted((k, v) for k, v in variables.items() if isinstance(v, int | bool)))
        key = (id(schema), query, operation_name, shaping, default_page_size)
        if key in self._costs:
            self._costs.move_to_end(key)
            return self._costs[key]
        cost = measure_operation(
            schema,
            document,
            operation_name=operation_name,
            variables=variables,
            default_page_size=default_page_size,
        )
        self._costs[key] = cost
        if len(self._costs) > self.maxsize:
            self._costs.popitem(last=False)
        return cost
