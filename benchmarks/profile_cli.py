"""Where a `ctdna-resist` command spends its time: runs it in this process under cProfile and
prints the functions with the most time, inclusive (cumulative) and exclusive (own).

    .venv/bin/python benchmarks/profile_cli.py [--top 25] [--save OUT.prof] -- annotate IN -o OUT

Start-up imports are included (the CLI is imported under the profiler); `python -X importtime`
breaks those down further. Profiling slows Python code down unevenly: compare shares, not
seconds, with RESULTS.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", help="write the raw profile here (pstats / snakeviz)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    sys.argv = ["ctdna-resist", *command]
    profile = cProfile.Profile()
    profile.enable()
    try:
        from ctdna_resist.cli import main as cli

        cli()
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    profile.disable()
    if args.save:
        profile.dump_stats(args.save)
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
        print(f"== by {order}\n{out.getvalue()}", file=sys.stderr)
    return code or 0


if __name__ == "__main__":
    sys.exit(main())
