"""Built-in rule packs, shipped as the package data of `pppcheck.packs` (see pyproject.toml)."""
