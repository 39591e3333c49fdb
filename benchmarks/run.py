"""Benchmarks of ``hrdd`` as whole processes, each against its floor measured in the same run.

1. Cold start: ``hrdd --help`` against ``python -c "import click"``.
2. Full dossier: ``hrdd build examples/darvonia/project.yaml`` against the bare-library
   floor (:mod:`floor_build`: the same templates and data, docxtpl and openpyxl only).
3. Scaling: generated projects with 10, 100 and 1,000 donated items and risks, and the
   issue's case of 1,000 items with 200 risks: time, peak memory, growth.
4. Many projects: copies of the example built with ``--jobs 1`` and ``--jobs 2``.

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
    return [str(script)] if script.exists() else [sys.executable, "-m", "hrdd_docs.cli"]


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


def median(command: list[str] | object, runs: int) -> tuple[float, int]:
    """Median time and peak memory of ``runs`` runs; ``command`` may be a callable
    returning a fresh command line for each run (e.g. a new output folder)."""
    times, peaks = [], []
    for n in range(runs):
        line = command(n) if callable(command) else command
        elapsed, peak = run_once(line)
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


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
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="hrdd-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    py, cli, runs = sys.executable, hrdd(), args.runs
    print(f"Machine: {machine()}")
    print(f"Runs per figure: {runs} (median); work folder: {work}\n")

    # Inputs, made before anything is timed.
    compile_package()
    subprocess.run([py, str(HERE / "floor_data.py"), str(EXAMPLE), str(work / "floor.json")],
                   check=True)
    for items, risks in SIZES:
        subprocess.run([py, str(HERE / "generate.py"), "large", "--items", str(items),
                        "--risks", str(risks), "-o", str(work / f"large-{items}-{risks}.yaml")],
                       check=True, stdout=subprocess.DEVNULL)
    subprocess.run([py, str(HERE / "generate.py"), "copies", "--copies", str(args.copies),
                    "-o", str(work / "projects")], check=True, stdout=subprocess.DEVNULL)

    def out(name: str) -> object:
        return lambda n: str(work / "out" / f"{name}-{n}")

    # 1. Cold start.
    click_floor, _ = median([py, "-c", "import click"], runs)
    help_time, _ = median([*cli, "--help"], runs)
    print("1. Cold start")
    print(f"   python -c 'import click'   {click_floor * 1000:7.0f} ms")
    print(f"   hrdd --help                {help_time * 1000:7.0f} ms   "
          f"ratio {help_time / click_floor:.2f} (target <= 2)\n")

    # 2. Full dossier of the example (5 documents and the manifest).
    floor_out, build_out = out("floor"), out("build")
    floor_time, floor_mem = median(
        lambda n: [py, str(HERE / "floor_build.py"), str(work / "floor.json"), floor_out(n)],
        runs)
    build_time, build_mem = median(
        lambda n: [*cli, "build", str(EXAMPLE), "-o", build_out(n), "--as-of", AS_OF], runs)
    print("2. Full dossier, examples/darvonia")
    print(f"   bare docxtpl + openpyxl    {floor_time * 1000:7.0f} ms  {floor_mem:4d} MB")
    print(f"   hrdd build                 {build_time * 1000:7.0f} ms  {build_mem:4d} MB   "
          f"ratio {build_time / floor_time:.2f} (target <= 1.5)\n")

    # 3. Scaling.
    print("3. Scaling (generated projects; all five documents)")
    print("   items  risks     time   peak memory")
    results = {}
    for items, risks in SIZES:
        name = f"large-{items}-{risks}"
        build = out(name)
        elapsed, peak = median(
            lambda n, name=name, build=build: [*cli, "build", str(work / f"{name}.yaml"),
                                               "-o", build(n), "--as-of", AS_OF],
            max(3, runs // 2))
        results[(items, risks)] = elapsed
        print(f"   {items:5d}  {risks:5d}  {elapsed:6.2f} s   {peak:4d} MB")
    small, mid, big = (results[s] for s in SIZES[:3])
    print(f"   growth 10 -> 100: x{mid / small:.2f};  100 -> 1000: x{big / mid:.2f};  "
          f"per 100 items and risks above the 10-item run: "
          f"{(mid - small) / 0.9:.2f} s (10 -> 100), {(big - mid) / 9:.2f} s (100 -> 1000)")
    print(f"   1,000 items and 200 risks: {results[(1000, 200)]:.2f} s (target < 3 s)\n")

    # 4. Many projects.
    many = work / "projects"
    times = {}
    for jobs in (1, 2):
        target = out(f"many-j{jobs}")
        times[jobs], _ = median(
            lambda n, jobs=jobs, target=target: [*cli, "build", str(many), "-o", target(n),
                                                 "--as-of", AS_OF, "--jobs", str(jobs)],
            max(3, runs // 2))
    print(f"4. Many projects ({args.copies} copies of the example)")
    print(f"   --jobs 1                   {times[1]:6.2f} s   "
          f"({times[1] / args.copies * 1000:.0f} ms a project)")
    print(f"   --jobs 2                   {times[2]:6.2f} s   "
          f"speed-up x{times[1] / times[2]:.2f} (target >= 1.7 on 2 cores)")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
