"""Run every ``bench/bench_*.py`` (or the ones named) and print their figures.

``--write-docs FILE`` also replaces each benchmark's table in that Markdown file
(between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``), with the day and
the machine's load, so that docs/benchmarks.md shows what the last run measured.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
from datetime import date
from pathlib import Path

from bench.common import Figure, markdown, report


def write_docs(path: Path, name: str, figures: list[Figure], quick: bool) -> None:
    """Replace (or append) the section of ``name`` in the Markdown file at ``path``."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    scale = " (--quick: a tenth of the scale)" if quick else ""
    body = [
        f"<!-- bench:{name} -->",
        f"`python -m bench {name}`{scale}, {date.today().isoformat()}, {os.cpu_count()} cores, "
        f"load average {load}:",
        "",
        *markdown(figures),
        f"<!-- /bench:{name} -->",
    ]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = re.compile(rf"<!-- bench:{name} -->.*?<!-- /bench:{name} -->", re.S)
    new = "\n".join(body)
    if block.search(text):
        text = block.sub(lambda _m: new, text)
    else:
        text = text.rstrip("\n") + f"\n\n### {name}\n\n{new}\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help="e.g. core agenda import web (default: all)")
    parser.add_argument("--quick", action="store_true", help="a tenth of the scale, to try it")
    parser.add_argument(
        "--write-docs",
        type=Path,
        metavar="FILE",
        help="replace each benchmark's table in this Markdown file",
    )
    args = parser.parse_args()
    available = sorted(
        p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py")
    )
    chosen = args.names or available
    figures: list[Figure] = []
    for name in chosen:
        if name not in available:
            parser.error(f"no benchmark {name!r}; available: {', '.join(available)}")
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {name}", flush=True)
        figs = module.run(quick=args.quick)
        report(figs)
        figures.extend(figs)
        if args.write_docs:
            write_docs(args.write_docs, name, figs, args.quick)
    print("\n== summary")
    report(figures, brief=True)
    missed = [f.name.strip() for f in figures if f.ok is False]
    if missed:
        # Non-zero, so that the next change sees a target it broke.
        raise SystemExit(f"{len(missed)} target(s) missed: {'; '.join(missed)}")


if __name__ == "__main__":
    main()
