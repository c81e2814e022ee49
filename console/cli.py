"""The `deskside` command line: parses arguments and hands each sub-command to its module.

Every command module in :mod:`console.commands` exposes ``register(subparsers)``,
which adds its parser and sets ``handler`` to a function taking the parsed
arguments and returning an exit code. Errors a user can act on are raised as
:class:`console.core.errors.UserError` and printed to stderr without a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from console import gc_hold
from console.commands import modules_for
from console.core.errors import UserError

EXIT_OK = 0
EXIT_USAGE = 2


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the modules its command needs are imported."""
    parser = argparse.ArgumentParser(
        prog="deskside",
        description="A terminal console for e-commerce customer service.",
    )
    parser.add_argument("--profile", help="the profile to open (default: the configured default)")
    parser.add_argument(
        "--supervisor", action="store_true", help="open the supervisors' live queue view"
    )
    parser.add_argument(
        "--wallboard",
        action="store_true",
        help="with --supervisor: the dashboard full screen, no keys needed (a shared screen)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in modules_for(argv if argv is not None else ["--help"]):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(argv if argv is not None else sys.argv[1:])
    # Reading the arguments imports the command's modules. For the console that is the
    # first part of its start, which runs with the garbage collector held until the
    # first frame (console.gc_hold); any other command gets it back at once.
    gc_hold.hold()
    try:
        parser = build_parser(arguments)
        args = parser.parse_args(arguments)
        if args.command is None:
            args = parser.parse_args([*arguments, "run"])
        if not getattr(args, "starts_console", False):
            gc_hold.release(freeze=False)
        code: int = args.handler(args)
    except UserError as error:
        print(f"deskside: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("deskside: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        # Never a traceback for users (it may show local values); one line, and the
        # whole story only when asked for.
        if os.environ.get("DESKSIDE_DEBUG"):
            raise
        print(
            f"deskside: unexpected error: {type(error).__name__}: {error} "
            "(set DESKSIDE_DEBUG=1 to see where)",
            file=sys.stderr,
        )
        return 1
    finally:
        gc_hold.release(freeze=False)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
