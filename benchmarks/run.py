"""Benchmarks of ``hrdd`` as whole processes, each against its floor measured in the same run.

1. Cold start: ``hrdd --help`` against ``python -c "import click"``.
2. Full dossier: ``hrdd build examples/darvonia/project.yaml`` against the bare-library
   floor (:mod:`floor_build`: the same libraries imported, the same templates and data
   rendered with docxtpl and openpyxl directly), and against a stricter floor that
   imports only docxtpl and openpyxl.
3. Scaling: generated projects with 10, 100 and 1,000 donated items and risks, and the
   issue's case of 1,000 items with 200 risks: time, peak memory, growth.
4. Many projects: copies of the example built with ``--jobs 1`` and ``--jobs 2``.
5. Languages: the documents available in French (deeds and waiver letters) built in
   English and in French, with the same clause library (every clause given a French
   text by :func:`translated_library`), so the difference is the cost of the language:
   Babel's CLDR formats, the French catalogs and templates. Target: French <= 1.10 x
   English.
6. Languages, whole dossier: every document of the example a French build writes (all
   but those it still refuses as written in English only), in English and in French.

Every figure is the median of several runs of a fresh process; peak memory is the
child's ``ru_maxrss`` (``os.wait4``). Run from the repository root:

    python benchmarks/run.py            # 7 runs each (about 2 minutes on 2 cores)
    python benchmarks/run.py --runs 3   # quicker
"""

from __future__ import annotations

import argparse
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "darvonia" / "project.yaml"
AS_OF = "2026-03-01"  # fixed, so every run builds the same documents

SIZES = [(10, 10), (100, 100), (1000, 1000), (1000, 200)]
"""(donated items, risks) of the generated projects."""


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


def run_once(command: list[str]) -> tuple[float, int]:
    """Run ``command``; return its wall time in seconds and its peak memory in MB."""
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
    return elapsed, usage.ru_maxrss // 1024


Command = list[str] | Callable[[int], list[str]]
"""A command line, or a function of the run number returning one (e.g. a new output
folder for each run)."""


def medians(commands: dict[str, Command], runs: int) -> dict[str, tuple[float, int]]:
    """Median time and peak memory of each command over ``runs`` runs.

    The commands take turns (run 1 of each, then run 2 of each…), so a slow spell of
    the machine falls on all of them alike instead of on whichever ran then; the
    ratios between them are what the benchmarks report.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[int]] = {name: [] for name in commands}
    for n in range(runs):
        for name, command in commands.items():
            elapsed, peak = run_once(command(n) if callable(command) else command)
            times[name].append(elapsed)
            peaks[name].append(peak)
    return {name: (statistics.median(times[name]), max(peaks[name])) for name in commands}


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--copies", type=int, default=16, help="projects in the many-projects run")
    parser.add_argument("--keep", type=Path, default=None, help="keep the work files here")
    parser.add_argument("--languages-only", action="store_true",
                        help="run only sections 5 and 6 (English against French)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="hrdd-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    py, cli, runs = sys.executable, hrdd(), args.runs
    print(f"Machine: {machine()}")
    print(f"Runs per figure: {runs} (median); work folder: {work}\n")

    # Inputs, made before anything is timed.
    compile_package()
    if args.languages_only:
        languages(work, cli, runs)
        dossier_languages(work, cli, runs)
        return
    subprocess.run([py, str(HERE / "floor_data.py"), str(EXAMPLE), str(work / "floor.json")],
                   check=True)
    for items, risks in SIZES:
        subprocess.run([py, str(HERE / "generate.py"), "large", "--items", str(items),
                        "--risks", str(risks), "-o", str(work / f"large-{items}-{risks}.yaml")],
                       check=True, stdout=subprocess.DEVNULL)
    subprocess.run([py, str(HERE / "generate.py"), "copies", "--copies", str(args.copies),
                    "-o", str(work / "projects")], check=True, stdout=subprocess.DEVNULL)

    def out(name: str, n: int) -> str:
        """A fresh output folder for run ``n`` of ``name``."""
        return str(work / "out" / f"{name}-{n}")

    def build(project: Path, name: str, *extra: str) -> Callable[[int], list[str]]:
        """``hrdd build PROJECT`` into a fresh folder for each run."""
        return lambda n: [*cli, "build", str(project), "-o", out(name, n), "--as-of", AS_OF,
                          *extra]

    # 1. Cold start.
    started = medians({"click": [py, "-c", "import click"], "help": [*cli, "--help"]}, runs)
    (click_floor, _), (help_time, _) = started["click"], started["help"]
    print("1. Cold start")
    print(f"   python -c 'import click'   {click_floor * 1000:7.0f} ms")
    print(f"   hrdd --help                {help_time * 1000:7.0f} ms   "
          f"ratio {help_time / click_floor:.2f} (target <= 2)\n")

    # 2. Full dossier of the example (5 documents and the manifest), against two floors:
    # the (imports the same libraries as hrdd build) and a stricter one that
    # imports only what docxtpl and openpyxl bring.
    floor = [py, str(HERE / "floor_build.py"), str(work / "floor.json")]
    dossier = medians({
        "floor": lambda n: [*floor, out("floor", n)],
        "bare": lambda n: [*floor, out("bare", n), "--bare"],
        "build": build(EXAMPLE, "build"),
    }, runs)
    (floor_time, floor_mem), (bare_time, bare_mem), (build_time, build_mem) = (
        dossier["floor"], dossier["bare"], dossier["build"])
    print("2. Full dossier, examples/darvonia")
    print(f"   floor: same libraries      {floor_time * 1000:7.0f} ms  {floor_mem:4d} MB")
    print(f"   floor: docxtpl + openpyxl  {bare_time * 1000:7.0f} ms  {bare_mem:4d} MB")
    print(f"   hrdd build                 {build_time * 1000:7.0f} ms  {build_mem:4d} MB   "
          f"ratio {build_time / floor_time:.2f} (target <= 1.5); "
          f"{build_time / bare_time:.2f} against docxtpl + openpyxl alone\n")

    # 3. Scaling.
    print("3. Scaling (generated projects; all five documents)")
    print("   items  risks     time   peak memory")
    scaled = medians({
        f"{items}-{risks}": build(work / f"large-{items}-{risks}.yaml", f"large-{items}-{risks}")
        for items, risks in SIZES
    }, max(3, runs // 2))
    results = {}
    for items, risks in SIZES:
        elapsed, peak = scaled[f"{items}-{risks}"]
        results[(items, risks)] = elapsed
        print(f"   {items:5d}  {risks:5d}  {elapsed:6.2f} s   {peak:4d} MB")
    small, mid, big = (results[s] for s in SIZES[:3])
    print(f"   growth 10 -> 100: x{mid / small:.2f};  100 -> 1000: x{big / mid:.2f};  "
          f"per 100 items and risks above the 10-item run: "
          f"{(mid - small) / 0.9:.2f} s (10 -> 100), {(big - mid) / 9:.2f} s (100 -> 1000)")
    print(f"   1,000 items and 200 risks: {results[(1000, 200)]:.2f} s (target < 3 s)\n")

    # 4. Many projects.
    many = work / "projects"
    many_runs = medians({
        jobs: build(many, f"many-j{jobs}", "--jobs", jobs) for jobs in ("1", "2")
    }, max(3, runs // 2))
    times = {int(jobs): elapsed for jobs, (elapsed, _) in many_runs.items()}
    print(f"4. Many projects ({args.copies} copies of the example)")
    print(f"   --jobs 1                   {times[1]:6.2f} s   "
          f"({times[1] / args.copies * 1000:.0f} ms a project)")
    print(f"   --jobs 2                   {times[2]:6.2f} s   "
          f"speed-up x{times[1] / times[2]:.2f} (target >= 1.7 on 2 cores)")
    print()
    languages(work, cli, runs)
    dossier_languages(work, cli, runs)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


def translated_library(folder: Path) -> Path:
    """Every packaged clause with a French text of the same length as its English one
    (the English words in another order would do as well: only the cost is measured)."""
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
                      f"    from_version: \"{clause.version}\"\n    text: |\n      {text}\n")
        (folder / f"{clause.id}.yaml").write_text(source, "utf-8")
    return folder


def languages(work: Path, cli: list[str], runs: int) -> None:
    """Section 5: the same documents in English and in French."""
    library = translated_library(work / "library-fr")

    def build(language: str) -> Callable[[int], list[str]]:
        return lambda n: [*cli, "build", str(EXAMPLE), "-o", str(work / "out" / f"{language}-{n}"),
                          "--as-of", AS_OF, "--only", "deed,visibility_waiver",
                          "--library", str(library), "--lang", language]

    timed = medians({"en": build("en"), "fr": build("fr")}, runs)
    (en_time, en_mem), (fr_time, fr_mem) = timed["en"], timed["fr"]
    print("5. Languages (deed and waiver letter of examples/darvonia, same clause library)")
    print(f"   --lang en                  {en_time * 1000:7.0f} ms  {en_mem:4d} MB")
    print(f"   --lang fr                  {fr_time * 1000:7.0f} ms  {fr_mem:4d} MB   "
          f"ratio {fr_time / en_time:.2f} (target <= 1.10)")


def french_kinds(work: Path, cli: list[str], library: Path) -> list[str]:
    """The kinds a French build of the example writes: every kind, less those it still
    refuses as "written in English only" (found by building once, untimed)."""
    import re

    from hrdd_docs.dossier import RENDERERS

    kinds = list(RENDERERS)
    while True:
        done = subprocess.run([*cli, "build", str(EXAMPLE), "-o", str(work / "out" / "probe"),
                               "--as-of", AS_OF, "--library", str(library), "--lang", "fr",
                               "--only", ",".join(kinds), "--force"],
                              capture_output=True, text=True)
        refused = re.search(r"\((\w+)\) is written in English only", done.stderr)
        if done.returncode != 2 or not refused:
            if done.returncode not in (0, 3):
                raise SystemExit(f"the French build failed:\n{done.stderr}")
            return kinds
        kinds.remove(refused.group(1))


def dossier_languages(work: Path, cli: list[str], runs: int) -> None:
    """Section 6: the whole dossier of the example in English and in French, less the
    documents a French build still refuses, with the same clause library."""
    library = translated_library(work / "library-fr")
    kinds = french_kinds(work, cli, library)

    def build(language: str) -> Callable[[int], list[str]]:
        return lambda n: [*cli, "build", str(EXAMPLE), "-o",
                          str(work / "out" / f"dossier-{language}-{n}"), "--as-of", AS_OF,
                          "--only", ",".join(kinds), "--library", str(library),
                          "--lang", language]

    timed = medians({"en": build("en"), "fr": build("fr")}, runs)
    (en_time, en_mem), (fr_time, fr_mem) = timed["en"], timed["fr"]
    print(f"6. Languages, whole dossier of examples/darvonia ({', '.join(kinds)})")
    print(f"   --lang en                  {en_time * 1000:7.0f} ms  {en_mem:4d} MB")
    print(f"   --lang fr                  {fr_time * 1000:7.0f} ms  {fr_mem:4d} MB   "
          f"ratio {fr_time / en_time:.2f} (target <= 1.10)")


if __name__ == "__main__":
    main()
