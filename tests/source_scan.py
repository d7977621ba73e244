"""The project's own source, parsed: what the architecture tests scan with ``ast``."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def modules(*packages: str) -> Iterator[tuple[str, ast.Module]]:
    """(path relative to the project, parsed tree) of every module of ``packages``, migrations aside."""
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
