"""Entry point of the `pppcheck` command and of `python -m pppcheck`.

`pppcheck --version` is answered here before the CLI framework is imported: CI scripts call it
to log the tool version, and it should cost about as much as starting Python.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from pppcheck import __version__

        print(f"pppcheck {__version__}")
        return
    from pppcheck.cli import run

    run()


if __name__ == "__main__":
    main()
