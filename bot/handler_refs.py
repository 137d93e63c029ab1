"""Handlers named by where they live, loaded when a command first runs.

The command table names every handler, but a process usually runs only a few
commands: ``dateline ask help`` needs neither the date tagger nor the admin
handlers. A lazy reference imports its module on first call, so a cold start pays
only for the commands it runs. The docs test resolves every reference in the table,
so a misspelt name fails the tests rather than a newsroom's first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from bot.context import Context
    from bot.messages import Reply
    from bot.queries import Query


class _Ref:
    """``module:name``, imported on first use and kept."""

    __slots__ = ("_target", "path")

    def __init__(self, path: str) -> None:
        module, sep, name = path.partition(":")
        if not (module and sep and name):
            raise ValueError(f"a handler reference is module:name, not {path!r}")
        self.path = path
        self._target: Callable[..., Any] | None = None

    def resolve(self) -> Callable[..., Any]:
        if self._target is None:
            module, _, name = self.path.partition(":")
            self._target = cast(Callable[..., Any], getattr(importlib.import_module(module), name))
        return self._target

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r})"


class LazyParser(_Ref):
    """A command's parse function (``args, ctx -> Query``), loaded when first called."""

    __slots__ = ()

    def __call__(self, args: str, ctx: Context) -> Query:
        return cast("Query", self.resolve()(args, ctx))


class LazyRunner(_Ref):
    """A command's handler (``ctx, query -> Reply``), loaded when first called."""

    __slots__ = ()

    def __call__(self, ctx: Context, query: Query) -> Awaitable[Reply]:
        return cast("Awaitable[Reply]", self.resolve()(ctx, query))
