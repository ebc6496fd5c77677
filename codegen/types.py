"""Python type annotations for model shapes, as they appear in generated code."""

from __future__ import annotations

from .ir import Member, Service, Shape

_SCALARS = {
    "string": "str",
    "integer": "int",
    "long": "int",
    "float": "float",
    "double": "float",
    "boolean": "bool",
    "timestamp": "_dt.datetime",
    "blob": "bytes",
    "document": "_Any",
}


def annotation(service: Service, target: str, prefix: str = "") -> str:
    """Annotation of a value of shape ``target``; ``prefix`` qualifies classes."""
    shape = service.shape(target)
    if shape.class_name is not None:
        return prefix + shape.class_name
    if shape.type == "list":
        assert shape.member_target is not None
        item = annotation(service, shape.member_target, prefix)
        return f"list[{_nullable(item, shape)}]"
    if shape.type == "map":
        assert shape.key_target is not None and shape.value_target is not None
        key = annotation(service, shape.key_target, prefix)
        value = annotation(service, shape.value_target, prefix)
        return f"dict[{key}, {_nullable(value, shape)}]"
    return _SCALARS[shape.type]


def _nullable(annotation_text: str, shape: Shape) -> str:
    return f"{annotation_text} | None" if shape.sparse else annotation_text


def member_annotation(service: Service, member: Member, prefix: str = "") -> str:
    """Annotation of a member's value; a ``jsonvalue`` member takes any JSON value."""
    if member.jsonvalue:
        return "_Any"
    return annotation(service, member.target, prefix)
