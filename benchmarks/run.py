"""Benchmarks of ``hrdd`` as whole processes, each against its floor measured in the same run.

1. Cold start: ``hrdd --help``, ``hrdd validate`` and ``hrdd assess`` against
   ``python -c "import click"``, beside the import of click, PyYAML and pydantic.
2. Full dossier: ``hrdd build examples/darvonia/project.yaml`` against the bare-library
   floor (:mod:`floor_build`: the same libraries imported, the same templates and data
   rendered with docxtpl and openpyxl directly), and against a stricter floor that
   imports only docxtpl and openpyxl.
3. Scaling: generated projects from 10 to 20,000 donated items, with 10 to 1,000 risks,
   and issue 7's case of 1,000 items with 200 risks: time, peak memory, cost per item.
4. Many projects: copies of the example built with ``--jobs 1`` and ``--jobs 2``.
5. Languages: the documents available in French (deeds and waiver letters) built in
   English and in French, with the same clause library (every clause given a French
   text by :func:`translated_library`), so the difference is the cost of the language:
   Babel's CLDR formats, the French catalogs and templates. Target: French <= 1.10 x
   English.

Every figure is the median of several runs of a fresh process; peak memory is the
child's ``ru_maxrss`` (``os.wait4``). Run from the repository root:

    python benchmarks/run.py            # 7 runs each (about 2 minutes on 2 cores)
    python benchmarks/run.py --runs 3   # quicker
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "darvonia" / "project.yaml"
AS_OF = "2026-03-01"  # fixed, so every run builds the same documents

SIZES = [(10, 10), (1000, 10), (5000, 10), (20000, 10), (100, 100), (1000, 1000),
         (1000, 200)]
"""(donated items, risks) of the generated projects: items from 10 to 20,000 at 10 risks
(the deed's schedule and the workbook's item rows), then risks to 1,000. Above about
4,000 risks the workbook refuses to build, by design: the clause rationale cell listing
the risks a clause answers would pass the 32,767 characters an Excel cell holds."""


def hrdd() -> list[str]:
    """The installed ``hrdd`` script itself (not a version-manager shim in front of it)."""
    script = Path(sysconfig.get_path("scripts")) / "hrdd"
    return ([str(script)] if script.exists()
            else [sys.executable, "-P", "-c", "from hrdd_docs.cli import main; main()"])


def compile_package() -> None:
    """Write the package's bytecode, as ``pip install`` does for an installed package.

    Without it an editable install, on a machine where PYTHONDONTWRITEBYTECODE is set
    (as here), compiles every module of the toolkit from source in every timed run,
    while the floor's libraries come with their bytecode: about 0.1 s against hrdd.
    """
    import compileall

    import hrdd_docs

    compileall.compile_dir(Path(hrdd_docs.__file__).parent, quiet=1)


def run_once(command: list[str]) -> tuple[float, int, float]:
    """Run ``command``; return its wall time in seconds, its peak memory in MB and the
    CPU time it used (user and system, seconds)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        stderr = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    if process.stderr:
        process.stderr.close()
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


Command = list[str] | Callable[[int], list[str]]
"""A command line, or a function of the run number returning one (e.g. a new output
folder for each run)."""


class Figure(NamedTuple):
    """What :func:`medians` measured of one command."""

    time: float
    """Median wall time, seconds."""
    peak: int
    """Largest peak memory over the runs, MB."""
    times: list[float]
    """Every run's wall time, in run order (run ``n`` of every command ran in turn ``n``)."""
    cpu: float
    """Median CPU time (user and system), seconds: less moved than wall time by other
    processes on the machine."""


def medians(commands: dict[str, Command], runs: int) -> dict[str, Figure]:
    """Median time and peak memory of each command over ``runs`` runs.

    The commands take turns (run 1 of each, then run 2 of each…), so a slow spell of
    the machine falls on all of them alike instead of on whichever ran then; the
    ratios between them are what the benchmarks report.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[int]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for n in range(runs):
        for name, command in commands.items():
            elapsed, peak, used = run_once(command(n) if callable(command) else command)
            times[name].append(elapsed)
            peaks[name].append(peak)
            cpu[name].append(used)
    return {name: Figure(statistics.median(times[name]), max(peaks[name]), times[name],
                         statistics.median(cpu[name]))
            for name in commands}


def ratio(top: Figure, bottom: Figure) -> str:
    """``top / bottom`` as the ratio of the medians, with the spread of the per-turn
    ratios (run n of one against run n of the other, taken in the same turn)."""
    turns = sorted(a / b for a, b in zip(top.times, bottom.times, strict=True))
    return (f"ratio {top.time / bottom.time:.2f} "
            f"(turns {turns[0]:.2f}-{turns[-1]:.2f}; CPU time {top.cpu / bottom.cpu:.2f})")


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file of a built dossier."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; load average {load:.1f} at start")


SECTIONS = "1,2,3,4,5,6"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--copies", type=int, default=16, help="projects in the many-projects run")
    parser.add_argument("--keep", type=Path, default=None, help="keep the work files here")
    parser.add_argument("--sections", default=SECTIONS,
                        help=f"which sections to run, e.g. 1,2 (default {SECTIONS})")
    parser.add_argument("--languages-only", action="store_true",
                        help="run only sections 5 and 6 (English against French)")
    args = parser.parse_args()
    sections = {"5", "6"} if args.languages_only else set(args.sections.split(","))
    work = args.keep or Path(tempfile.mkdtemp(prefix="hrdd-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    py, cli, runs = sys.executable, hrdd(), args.runs
    # The toolkit's template cache lives in the work folder: the first (untimed) build
    # below fills it, as the first build on a user's machine does.
    os.environ["HRDD_CACHE_DIR"] = str(work / "cache")
    print(f"Machine: {machine()}")
    print(f"Runs per figure: {runs} (median); work folder: {work}\n")

    # Inputs, made before anything is timed.
    compile_package()

    def out(name: str, n: int) -> str:
        """A fresh output folder for run ``n`` of ``name``."""
        return str(work / "out" / f"{name}-{n}")

    def build(project: Path, name: str, *extra: str) -> Callable[[int], list[str]]:
        """``hrdd build PROJECT`` into a fresh folder for each run."""
        return lambda n: [*cli, "build", str(project), "-o", out(name, n), "--as-of", AS_OF,
                          *extra]

    subprocess.run(build(EXAMPLE, "warm-up")(0), check=True, stdout=subprocess.DEVNULL)
    if "1" in sections:
        cold_start(py, cli, runs)
    if "2" in sections:
        full_dossier(work, py, cli, runs, build, out)
    if "3" in sections:
        scaling(work, py, max(3, runs // 2), build)
    if "4" in sections:
        subprocess.run([py, str(HERE / "generate.py"), "copies", "--copies", str(args.copies),
                        "-o", str(work / "projects")], check=True, stdout=subprocess.DEVNULL)
        many = work / "projects"
        many_runs = medians({
            jobs: build(many, f"many-j{jobs}", "--jobs", jobs) for jobs in ("1", "2")
        }, max(3, runs // 2))
        times = {int(jobs): figure.time for jobs, figure in many_runs.items()}
        print(f"4. Many projects ({args.copies} copies of the example)")
        print(f"   --jobs 1                   {times[1]:6.2f} s   "
              f"({times[1] / args.copies * 1000:.0f} ms a project)")
        print(f"   --jobs 2                   {times[2]:6.2f} s   "
              f"speed-up x{times[1] / times[2]:.2f} (target >= 1.7 on 2 cores)")
        print()
    if "5" in sections:
        languages(work, cli, runs, "5. Languages (deed and waiver letter of examples/darvonia, "
                  "same clause library)", ("deed", "visibility_waiver"))
    if "6" in sections:
        languages(work, cli, runs, "6. Languages, the whole dossier of examples/darvonia "
                  "(same clause library)")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


def cold_start(py: str, cli: list[str], runs: int) -> None:
    """Section 1: ``--help`` and the light commands against ``import click``.

    Also timed, in the same turns, for reference: importing the libraries that
    ``validate`` and ``assess`` cannot do without (click, PyYAML and pydantic-core, which
    runs the compiled validator), a floor for both whatever the toolkit does; and the
    same with pydantic's ``BaseModel``, which every command imported before its
    sections became records validated by pydantic-core alone.
    """
    started = medians({
        "click": [py, "-c", "import click"],
        "libraries": [py, "-c", "import click, yaml, pydantic_core"],
        "with_pydantic": [py, "-c", "import click, yaml, pydantic.main"],
        "help": [*cli, "--help"],
        "validate": [*cli, "validate", str(EXAMPLE)],
        "assess": [*cli, "assess", str(EXAMPLE), "--as-of", AS_OF],
    }, runs)
    click = started["click"]
    print("1. Cold start")
    print(f"   python -c 'import click'   {click.time * 1000:7.0f} ms")
    print(f"   import click, yaml, pydantic_core {started['libraries'].time * 1000:0.0f} ms   "
          f"{ratio(started['libraries'], click)} (what validate must import)")
    print(f"   … and pydantic's BaseModel {started['with_pydantic'].time * 1000:5.0f} ms   "
          f"{ratio(started['with_pydantic'], click)} (what it imported before)")
    for name, label, target in (("help", "hrdd --help", 2), ("validate", "hrdd validate", 3),
                                ("assess", "hrdd assess", 3)):
        print(f"   {label:<26} {started[name].time * 1000:7.0f} ms   "
              f"{ratio(started[name], click)} (target <= {target})")
    print()


def full_dossier(work: Path, py: str, cli: list[str], runs: int,
                 build: Callable[..., Callable[[int], list[str]]],
                 out: Callable[[str, int], str]) -> None:
    """Section 2: the example's dossier (5 documents and the manifest) against its floor."""
    subprocess.run([py, str(HERE / "floor_data.py"), str(EXAMPLE), str(work / "floor.json")],
                   check=True)
    # The floor: docxtpl and openpyxl alone, named styles. Issue 7's floor (every library
    # hrdd imports, styles set cell by cell) is timed beside it once, to show what the
    # fairer floor changed (issue 16).
    floor = [py, str(HERE / "floor_build.py"), str(work / "floor.json")]
    dossier = medians({
        "floor": lambda n: [*floor, out("floor", n)],
        "old": lambda n: [*floor, out("old", n), "--old"],
        "build": build(EXAMPLE, "build"),
    }, runs)
    floor_fig, old, built = dossier["floor"], dossier["old"], dossier["build"]
    print("2. Full dossier, examples/darvonia")
    print(f"   floor: docxtpl + openpyxl  {floor_fig.time * 1000:7.0f} ms  {floor_fig.peak:4d} MB")
    print(f"   issue 7's floor            {old.time * 1000:7.0f} ms  {old.peak:4d} MB")
    print(f"   hrdd build                 {built.time * 1000:7.0f} ms  {built.peak:4d} MB   "
          f"{ratio(built, floor_fig)} (target <= 1.3); "
          f"against issue 7's floor {built.time / old.time:.2f}")
    # The template cache changes time, never bytes: a build with a cold cache and one
    # with the cache switched off give the documents the warm builds gave.
    cold = work / "cache-cold"
    subprocess.run([*build(EXAMPLE, "cold")(0)], check=True, stdout=subprocess.DEVNULL,
                   env=os.environ | {"HRDD_CACHE_DIR": str(cold)})
    subprocess.run([*build(EXAMPLE, "uncached")(0)], check=True, stdout=subprocess.DEVNULL,
                   env=os.environ | {"HRDD_CACHE": "off"})
    warm = digests(Path(out("build", 0)))
    same = {name: digests(Path(out(name, 0))) == warm for name in ("cold", "uncached")}
    print(f"   sha256 of the {len(warm)} files: warm cache = cold cache: "
          f"{'yes' if same['cold'] else 'NO'}; = cache off: "
          f"{'yes' if same['uncached'] else 'NO'}\n")


def scaling(work: Path, py: str, runs: int,
            build: Callable[..., Callable[[int], list[str]]]) -> None:
    """Section 3: generated projects from 10 to 20,000 items and risks."""
    for items, risks in SIZES:
        subprocess.run([py, str(HERE / "generate.py"), "large", "--items", str(items),
                        "--risks", str(risks), "-o", str(work / f"large-{items}-{risks}.yaml")],
                       check=True, stdout=subprocess.DEVNULL)
    print("3. Scaling (generated projects; all five documents)")
    print("   items  risks     time   peak memory   ms per item added (wall; CPU time)")
    scaled = medians({
        f"{items}-{risks}": build(work / f"large-{items}-{risks}.yaml", f"large-{items}-{risks}")
        for items, risks in SIZES
    }, runs)
    previous: tuple[int, int, float, float] | None = None
    for items, risks in SIZES:
        figure = scaled[f"{items}-{risks}"]
        step = ""
        if previous is not None and risks == previous[0] and items > previous[1]:
            added = items - previous[1]
            step = (f"{(figure.time - previous[2]) / added * 1000:8.2f}; "
                    f"{(figure.cpu - previous[3]) / added * 1000:.2f}")
        previous = (risks, items, figure.time, figure.cpu)
        print(f"   {items:5d}  {risks:5d}  {figure.time:6.2f} s   {figure.peak:4d} MB      {step}")
    print(f"   1,000 items and 200 risks: {scaled['1000-200'].time:.2f} s (target < 3 s)\n")


def translated_library(folder: Path) -> Path:
    """Every packaged clause with a French text of the same length as its English one
    (the English words in another order would do as well: only the cost is measured)."""
    import json
    import re

    from hrdd_docs import resources
    from hrdd_docs.clauses import load_library

    folder.mkdir(parents=True, exist_ok=True)
    for clause in load_library(None):
        source = resources.read_text("clauses", f"{clause.id}.yaml")
        if clause.translation("fr") is None:
            text = clause.text.replace("\n", "\n      ")
            source = (re.sub(r"(?ms)^translations:.*", "", source).rstrip()
                      + f"\ntranslations:\n  fr:\n    title: {clause.id}\n"
                      f"    source: {json.dumps(clause.source)}\n"
                      f"    from_version: \"{clause.version}\"\n    text: |\n      {text}\n")
        (folder / f"{clause.id}.yaml").write_text(source, "utf-8")
    return folder


def languages(work: Path, cli: list[str], runs: int, heading: str,
              only: tuple[str, ...] = ()) -> None:
    """Sections 5 and 6: the same documents (``only``, or the whole dossier) in English
    and in French, with the same clause library, the two builds taking turns."""
    library = translated_library(work / "library-fr")
    kinds = ["--only", ",".join(only)] if only else []

    def build(language: str) -> Callable[[int], list[str]]:
        return lambda n: [*cli, "build", str(EXAMPLE), "-o",
                          str(work / "out" / f"{heading[0]}-{language}-{n}"), "--as-of",
                          AS_OF, *kinds, "--library", str(library), "--lang", language]

    timed = medians({"en": build("en"), "fr": build("fr")}, runs)
    (en_time, en_mem), (fr_time, fr_mem) = ((timed[code].time, timed[code].peak)
                                            for code in ("en", "fr"))
    print(heading)
    print(f"   --lang en                  {en_time * 1000:7.0f} ms  {en_mem:4d} MB")
    print(f"   --lang fr                  {fr_time * 1000:7.0f} ms  {fr_mem:4d} MB   "
          f"ratio {fr_time / en_time:.2f} (target <= 1.10)")


if __name__ == "__main__":
    main()
