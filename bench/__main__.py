"""Run every ``bench/bench_*.py`` (or the ones named) and print their figures."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from bench.common import Figure, report


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help="e.g. core agenda import web (default: all)")
    parser.add_argument("--quick", action="store_true", help="a tenth of the scale, to try it")
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
    print("\n== summary")
    report(figures)
    missed = [f.name.strip() for f in figures if f.ok is False]
    if missed:
        # Non-zero, so that the next change sees a target it broke.
        raise SystemExit(f"{len(missed)} target(s) missed: {'; '.join(missed)}")


if __name__ == "__main__":
    main()
