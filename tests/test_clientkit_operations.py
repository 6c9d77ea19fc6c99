"""One table of operations: the Python Adapter base, which authors read, holds to it both
ways, so an operation added to one and not the other fails here."""

from __future__ import annotations

import inspect
import re

from losant_contract.clientkit.adapter import Adapter, Harness
from losant_contract.clientkit.operations import BY_NAME, CAPABILITIES, OPERATIONS

#: Adapter's members that are not operations.
NOT_OPERATIONS = {"implementation", "call", "close", "capabilities"}
#: The annotation a required argument of each JSON type carries in the Adapter base.
ANNOTATIONS = {"string": "str", "integer": "int", "object": "dict[str, Any]"}


def test_the_adapter_base_has_a_method_for_every_operation_and_no_other():
    methods = {name for name in vars(Adapter) if not name.startswith("_")} - NOT_OPERATIONS
    assert methods == set(BY_NAME)
    assert set(vars(Harness)) & set(BY_NAME) == set()  # the process adapter forwards them by name


def test_each_method_takes_the_tables_arguments_by_name_and_type():
    for operation in OPERATIONS:
        method = getattr(Adapter, operation.name)
        client, *named = list(inspect.signature(method).parameters.values())[1:]  # after self
        keywords = [p for p in named if p.kind is p.VAR_KEYWORD]
        named = [p for p in named if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert client.name == "client", operation.name
        assert [p.name for p in named] == list(operation.required), operation.name
        types = {a.name: ANNOTATIONS[a.type] for a in operation.arguments}
        assert [p.annotation for p in named] == [types[p.name] for p in named], operation.name
        assert bool(keywords) == bool(operation.optional), operation.name
        named_in_doc = set(re.findall(r"\w+", method.__doc__ or ""))
        assert set(operation.optional) <= named_in_doc, operation.name  # taken through **query: the doc names each


def test_an_operation_is_optional_exactly_when_it_belongs_to_a_capability():
    assert {op.capability for op in OPERATIONS} - {None} <= set(CAPABILITIES)
    abstract = {name for name in Adapter.__abstractmethods__ if name in BY_NAME}
    assert abstract == {op.name for op in OPERATIONS if op.capability is None}
