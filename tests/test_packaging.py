"""The distribution ships every package and the bundled articles."""

from __future__ import annotations

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from tests.conftest import ROOT


def _declared_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def test_every_package_directory_is_declared():
    found = set()
    for top in ("reader", "voices"):
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT)
            found.add(".".join(rel.parts))
    found.add("reader.seeds")
    assert found == _declared_packages()


def test_seed_is_bundled():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["setuptools"]["package-dir"]["reader.seeds"] == "seeds"
    assert list((ROOT / "seeds").glob("*.txt"))
