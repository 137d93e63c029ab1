"""A small JSON Schema (2020-12) validator for the keywords Discord's OpenAPI spec uses.

``jsonschema`` is not installed in this project, and the vendored Discord
schemas (tests/adapters/schemas/) use only a handful of keywords, so they are
implemented here. A keyword this module does not know raises ``UnknownKeyword``
instead of being ignored: a schema can never pass by being misunderstood.

With ``closed=True`` an object may also hold only the properties its schema
declares (the spec leaves ``additionalProperties`` open), which catches a
misspelt key the real API would silently drop.
"""

from __future__ import annotations

import re
from typing import Any

ANNOTATIONS = frozenset({"title", "description", "format", "$comment", "default", "examples"})
TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,),
    "integer": (int,), "number": (int, float), "null": (type(None),),
}


class UnknownKeyword(Exception):
    """The schema uses a keyword this validator does not implement."""


def _is(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False  # JSON has no boolean numbers, Python does
    return isinstance(value, TYPES[name])


class Validator:
    """Validates instances against schemas of one document (``$ref`` is ``#/...``)."""

    def __init__(self, document: dict[str, Any], *, closed: bool = False) -> None:
        self.document = document
        self.closed = closed

    def errors(self, instance: Any, schema: Any, path: str = "$") -> list[str]:
        """Every way ``instance`` breaks ``schema``; empty when it is valid."""
        if schema is True:
            return []
        if schema is False:
            return [f"{path}: nothing is allowed here (schema false)"]
        found: list[str] = []
        for keyword, value in schema.items():
            if keyword in ANNOTATIONS:
                continue
            check = getattr(self, "_" + keyword.lstrip("$"), None)
            if check is None:
                raise UnknownKeyword(keyword)
            found += check(instance, value, path, schema)
        return found

    def _ref(self, instance: Any, ref: str, path: str, _: Any) -> list[str]:
        node: Any = self.document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return self.errors(instance, node, path)

    def _type(self, instance: Any, names: str | list[str], path: str, _: Any) -> list[str]:
        names = [names] if isinstance(names, str) else names
        return [] if any(_is(instance, n) for n in names) else [f"{path}: not {names}"]

    def _properties(self, instance: Any, props: dict[str, Any], path: str, _: Any) -> list[str]:
        if not isinstance(instance, dict):
            return []
        found = [f"{path}: undeclared property {key!r}"
                 for key in instance if self.closed and key not in props]
        for key, sub in props.items():
            if key in instance:
                found += self.errors(instance[key], sub, f"{path}.{key}")
        return found

    def _required(self, instance: Any, keys: list[str], path: str, _: Any) -> list[str]:
        if not isinstance(instance, dict):
            return []
        return [f"{path}: missing {key!r}" for key in keys if key not in instance]

    def _items(self, instance: Any, sub: Any, path: str, _: Any) -> list[str]:
        if not isinstance(instance, list):
            return []
        return [error for i, item in enumerate(instance)
                for error in self.errors(item, sub, f"{path}[{i}]")]

    def _oneOf(self, instance: Any, subs: list[Any], path: str, _: Any) -> list[str]:
        passing = sum(not self.errors(instance, sub, path) for sub in subs)
        return [] if passing == 1 else [f"{path}: matches {passing} of oneOf, not exactly 1"]

    def _anyOf(self, instance: Any, subs: list[Any], path: str, _: Any) -> list[str]:
        if any(not self.errors(instance, sub, path) for sub in subs):
            return []
        return [f"{path}: matches none of anyOf"]

    def _allOf(self, instance: Any, subs: list[Any], path: str, _: Any) -> list[str]:
        return [e for sub in subs for e in self.errors(instance, sub, path)]

    def _const(self, instance: Any, value: Any, path: str, _: Any) -> list[str]:
        same = instance == value and type(instance) is type(value)
        return [] if same else [f"{path}: {instance!r} is not {value!r}"]

    def _enum(self, instance: Any, values: list[Any], path: str, _: Any) -> list[str]:
        hit = any(instance == v and type(instance) is type(v) for v in values)
        return [] if hit else [f"{path}: {instance!r} not in {values!r}"]

    def _pattern(self, instance: Any, pattern: str, path: str, _: Any) -> list[str]:
        if not isinstance(instance, str) or re.search(pattern, instance):
            return []
        return [f"{path}: {instance!r} does not match {pattern!r}"]

    def _bound(self, instance: Any, size: int, limit: int, path: str, what: str) -> list[str]:
        ok = size <= limit if what.startswith("max") else size >= limit
        return [] if ok else [f"{path}: {what} {limit} broken ({size})"]

    def _maxLength(self, instance: Any, n: int, path: str, _: Any) -> list[str]:
        # JSON Schema counts code points, as Python's len() does.
        return self._bound(instance, len(instance), n, path, "maxLength") if isinstance(
            instance, str) else []

    def _minLength(self, instance: Any, n: int, path: str, _: Any) -> list[str]:
        return self._bound(instance, len(instance), n, path, "minLength") if isinstance(
            instance, str) else []

    def _maxItems(self, instance: Any, n: int, path: str, _: Any) -> list[str]:
        return self._bound(instance, len(instance), n, path, "maxItems") if isinstance(
            instance, list) else []

    def _minItems(self, instance: Any, n: int, path: str, _: Any) -> list[str]:
        return self._bound(instance, len(instance), n, path, "minItems") if isinstance(
            instance, list) else []

    def _maximum(self, instance: Any, n: int, path: str, _: Any) -> list[str]:
        numeric = _is(instance, "number")
        return self._bound(instance, instance, n, path, "maximum") if numeric else []

    def _minimum(self, instance: Any, n: int, path: str, _: Any) -> list[str]:
        numeric = _is(instance, "number")
        return self._bound(instance, instance, n, path, "minimum") if numeric else []

    def _uniqueItems(self, instance: Any, unique: bool, path: str, _: Any) -> list[str]:
        if not unique or not isinstance(instance, list):
            return []
        seen = [repr(item) for item in instance]
        return [] if len(set(seen)) == len(seen) else [f"{path}: items are not unique"]
