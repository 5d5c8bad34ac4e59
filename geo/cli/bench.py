"""``python -m geo bench``: the benchmark scenarios of ``tests/bench.py``."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from geo.cli._inputs import ROOT

# The benchmark harness, outside the package: loaded by its path when ``bench`` runs.
BENCH_FILE = ROOT / "tests" / "bench.py"
BENCH_SCENARIOS = (
    "city",
    "barrio",
    "nation",
    "join",
    "plan",
    "network",
    "evaluate",
    "fichas",
    "fetch",
)
BENCH_DEFAULT_REPEAT = 5

HELP = "measure speed, payload and memory against the usual approach (not a test)"
DESCRIPTION = """\
Benchmark scenarios (city, barrio, nation, join) and print medians, payload bytes, memory and
the ratios against GeoDataFrame.explore() run in the same process. Figures are measured, never
asserted.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario",
        choices=(*BENCH_SCENARIOS, "all"),
        default="city",
        help="what to measure (default: city; 'all' runs every scenario)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=BENCH_DEFAULT_REPEAT,
        help="timed runs per measurement; medians are shown (default: %(default)s)",
    )
    parser.add_argument(
        "--boundaries", help="a boundaries file to use instead of the generated geometry"
    )
    parser.add_argument("--json", action="store_true", help="print every figure as JSON")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke run")


def load_bench(path: Path = BENCH_FILE) -> ModuleType | None:
    """The benchmark harness (``tests/bench.py``), loaded by its path; None if it is absent."""
    if not path.is_file():
        return None
    name = "atlas_bench"  # registered before it runs: its dataclasses look their module up
    if name in sys.modules and getattr(sys.modules[name], "__file__", None) == str(path):
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def run(args: argparse.Namespace) -> int:
    bench = load_bench(BENCH_FILE)
    if bench is None:
        raise ValueError(
            f"{BENCH_FILE}: the benchmark harness is not in this copy of the project; "
            "bench runs from a checkout of the repository, which has tests/bench.py."
        )
    return int(bench.main_bench(args))
