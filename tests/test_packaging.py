"""What ``pip install`` ships: every package and subpackage, and every data file the code reads.

Cheap checks against ``pyproject.toml`` (no build): setuptools' own ``find_packages`` with the configured
``include`` finds every directory with an ``__init__.py``, and ``package-data`` covers every other file.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
TOP = ("bot", "db", "seed", "handlers", "lang")


def package_dirs() -> set[str]:
    """Every directory under the top-level packages that is a package, dotted."""
    return {".".join(init.parent.relative_to(ROOT).parts) for top in TOP for init in (ROOT / top).rglob("__init__.py")}


def test_every_package_and_subpackage_is_found() -> None:
    found = set(find_packages(where=str(ROOT), **SETUPTOOLS["packages"]["find"]))
    assert package_dirs() - found == set()
    assert {name.split(".")[0] for name in found} == set(TOP)  # nothing else (tests, bench) ships


def test_every_data_file_is_package_data() -> None:
    patterns: dict[str, list[str]] = SETUPTOOLS["package-data"]
    packages = package_dirs()
    missing = []
    for top in TOP:
        for path in (ROOT / top).rglob("*"):
            if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            # the nearest package above the file, and the file's path from it
            owner = max(
                (p for p in path.relative_to(ROOT).parents if ".".join(p.parts) in packages), key=lambda p: len(p.parts)
            )
            inside = path.relative_to(ROOT / owner).as_posix()
            if not any(fnmatch.fnmatch(inside, g) for g in patterns.get(".".join(owner.parts), [])):
                missing.append(path.relative_to(ROOT).as_posix())
    assert missing == []


def test_the_image_copies_every_package() -> None:
    """The Dockerfile's build stage copies each top-level package (and what the build reads) before it
    installs: a package left out builds an image that fails at its first import."""
    copied = set()
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not any(w.startswith("--from") for w in words):
            copied |= {w.rstrip("/") for w in words[1:-1]}
    assert set(TOP) | {"pyproject.toml", "README.md"} <= copied
