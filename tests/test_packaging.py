"""Packaging: the package list is complete, the pack ships once, schemas are current."""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from pppcheck.schemas import json_schema

REPO = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_in_pyproject() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.relative_to(REPO / "src").parent.parts)
        for p in (REPO / "src").rglob("__init__.py")
    }
    assert found <= listed
    assert "pppcheck.packs" in listed


def test_builtin_pack_is_package_data() -> None:
    root = resources.files("pppcheck.packs")
    assert root.joinpath("core.yaml").is_file()
    assert root.joinpath("smart-ppp", "pack.yaml").is_file()
    assert root.joinpath("starter", "pack.yaml").is_file()


def _generated(path: Path) -> bool:
    """Virtual environments, caches and the in-tree build of `pip install .`."""
    top = path.parts[0]
    return top.startswith(".") or top in {"build", "dist"} or "site-packages" in path.parts


def test_pack_yaml_exists_once_in_the_repository() -> None:
    copies = [p for p in REPO.rglob("pack.yaml") if not _generated(p.relative_to(REPO))]
    names = sorted(str(p.relative_to(REPO)) for p in copies)
    assert names == ["rules/smart-ppp/pack.yaml", "rules/starter/pack.yaml"]


@pytest.mark.parametrize("which", ["report", "pack", "rule"])
def test_published_schemas_are_current(which: str) -> None:
    published = json.loads((REPO / "schemas" / f"{which}.schema.json").read_text(encoding="utf-8"))
    assert published == json_schema(which), (
        f"run: pppcheck rules schema {which} > schemas/{which}.schema.json"
    )
