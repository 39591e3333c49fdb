"""Where ``hrdd build`` and its floor spend their time on the example, step by step.

Each run is a fresh process that imports the libraries and calls the toolkit's steps
in the order a build does, timing each on its own, then renders the floor's documents
and workbook (:mod:`floor_build`) the same way; the script prints the median of
``--runs`` such processes in milliseconds. The steps are those of the table in
``benchmarks/README.md`` ("Where the time goes"). Run from the repository root:

    python benchmarks/phases.py            # 7 runs
    python benchmarks/phases.py --runs 3
    python benchmarks/phases.py --cpu      # CPU time of each step: steadier under load
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "darvonia" / "project.yaml"


def steps(project_file: Path, floor_data: Path, cpu: bool = False) -> dict[str, float]:
    """Run the steps once in this (fresh) process; return seconds per step (of CPU time
    with ``cpu``, else of wall time)."""
    from time import perf_counter, process_time

    if cpu:
        perf_counter = process_time  # the clock of this run

    times: dict[str, float] = {}
    start = perf_counter()

    def done(step: str) -> None:
        nonlocal start
        times[step] = perf_counter() - start
        start = perf_counter()

    import click  # noqa: F401
    import yaml  # noqa: F401

    done("click and PyYAML imports")
    import pydantic

    done("pydantic import")

    class _First(pydantic.BaseModel):
        x: int

    done("pydantic's first model class (its lazily imported parts)")
    import hrdd_docs.model  # noqa: F401

    done("the project model's classes")
    import docx  # noqa: F401
    import docxtpl  # noqa: F401
    import openpyxl.writer.excel  # noqa: F401

    done("docxtpl, python-docx, Jinja2, lxml, openpyxl imports")
    import importlib

    from hrdd_docs import clauses, dossier, loading

    renderers = {kind: dossier._renderer(kind) for kind in dossier.RENDERERS}
    importlib.import_module("hrdd_docs.cli")
    done("the toolkit's other modules")
    project = loading.load_project(project_file)
    done("read, validate and cross-check the project")
    library = clauses.load_library(None)
    done("read and check the clause library")
    for kind, render in renderers.items():
        render(project, library)
        done(f"render {kind}")

    import floor_build

    data = json.loads(floor_data.read_text("utf-8"))
    with tempfile.TemporaryDirectory() as out:
        done("(floor data read)")
        for n, document in enumerate(data["documents"]):
            floor_build.word(document, Path(out), n)
        done("floor: its four Word documents")
        floor_build.workbook(data["workbook"], Path(out))
        done("floor: its workbook")
    del times["(floor data read)"]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes (median)")
    parser.add_argument("--cpu", action="store_true", help="CPU time instead of wall time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "floor.json"
        subprocess.run([sys.executable, str(HERE / "floor_data.py"), str(EXAMPLE), str(data)],
                       check=True)
        code = (f"import json, sys; sys.path.insert(0, {str(HERE)!r}); "
                f"from phases import steps; from pathlib import Path; "
                f"print(json.dumps(steps(Path({str(EXAMPLE)!r}), Path({str(data)!r}), "
                f"{args.cpu})))")
        runs = [json.loads(subprocess.run([sys.executable, "-P", "-c", code], check=True,
                                          capture_output=True, text=True).stdout)
                for _ in range(args.runs)]
    for step in runs[0]:
        print(f"{step:60} {statistics.median(r[step] for r in runs) * 1000:5.0f} ms")


if __name__ == "__main__":
    main()
