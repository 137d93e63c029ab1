"""``make lock`` pins the whole dependency tree, extras included: a package reached
plainly and then with an extra ("lxml" and "lxml[html_clean]") brings that extra's
requirements too, or a relock would silently drop them from constraints.txt."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _lock() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lock", ROOT / "tools" / "lock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_requirement_reached_again_with_an_extra_brings_the_extras_packages() -> None:
    pinned = _lock().tree("dateline", frozenset({"dev"}))
    assert "lxml" in pinned and "lxml-html-clean" in pinned


def test_every_package_the_lock_finds_is_pinned_in_constraints() -> None:
    pinned = _lock().tree("dateline", frozenset({"dev"}))
    constraints = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    listed = {line.split("==")[0] for line in constraints.splitlines() if "==" in line}
    assert set(pinned) <= listed
