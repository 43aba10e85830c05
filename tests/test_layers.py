"""The layers import one way (docs/architecture.md): a test keeps it so."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: package -> module prefixes it must never import
FORBIDDEN = {
    "scoring": ("bot", "storage", "telegram"),
    "storage": ("bot", "telegram"),
    "bot/use_cases": (
        "telegram",
        "bot.handlers",
        "bot.views",
        "bot.delivery",
        "bot.jobs",
        "bot.app",
        "bot.services",  # a use case takes what it needs (db, one now, a reader), not the bag
        "bot.settings",
    ),
    "bot/views": ("telegram", "bot.handlers", "bot.delivery", "bot.jobs", "bot.app"),
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_point_one_way(package: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in sorted(_imports(path))
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[package])
    ]
    assert wrong == []
