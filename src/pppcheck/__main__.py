"""Entry point of the `pppcheck` command and of `python -m pppcheck`.

`pppcheck --version` is answered here before the CLI framework is imported: CI scripts call it
to log the tool version, and it should cost about as much as starting Python.

When the command is done, the process ends without the interpreter's teardown: freeing the
compiled rule pack and a large document object by object took about 0.3 s of a 3 s audit, and
nothing is left to do then (outputs are written and closed, worker pools shut down).
"""

from __future__ import annotations

import contextlib
import os
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from pppcheck import __version__

        print(f"pppcheck {__version__}")
        return
    # Third-party pydantic plugins (observability hooks, some of which send data away) are not
    # loaded by the command unless the user names them: pppcheck runs offline, and looking
    # them up in every installed package's metadata cost 20 ms of each start.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from pppcheck.cli import run
    from pppcheck.runtime import tune_garbage_collector

    tune_garbage_collector()
    try:
        run()
    except SystemExit as exc:
        _exit_now(exc.code)
    _exit_now(0)


def _exit_now(code: object) -> None:
    """Flush the standard streams and end the process at once with `code`."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): Python prints it and exits with 1
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
