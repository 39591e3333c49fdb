"""Run ``hrdd`` in a child process under a time and memory bound, and measure both.

For the hostile-input tests: a regression to minutes or gigabytes must fail the test
quickly, not hang the suite or exhaust the machine. These are generous bounds, not a
benchmark: the child is killed after ``seconds``, may not map more than ``megabytes``
(``RLIMIT_AS``), and its peak resident memory is read from ``os.wait4``.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

AS_LIMIT_MB = 2048
"""Address space the child may map: far above what a bounded run needs (about 150 MB
resident), far below what the unbounded runs took (3 to 6 GB)."""


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    killed: bool


def run_hrdd(*args: str, seconds: float = 30, cwd: str | None = None,
             setup: str = "") -> Outcome:
    """Run ``hrdd ARGS`` in a fresh interpreter; ``setup`` is Python run before the CLI."""
    code = f"{setup}\nfrom hrdd_docs.cli import main\nmain()"
    limit = AS_LIMIT_MB * 1024 * 1024

    def bound() -> None:  # pragma: no cover - runs in the child
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-P", "-c", code, *args], stdout=out,
                                   stderr=err, cwd=cwd, preexec_fn=bound)
        killed = threading.Event()

        def watchdog() -> None:
            if not done.wait(seconds):
                killed.set()
                os.kill(process.pid, signal.SIGKILL)

        done = threading.Event()
        threading.Thread(target=watchdog, daemon=True).start()
        _, status, usage = os.wait4(process.pid, 0)
        done.set()
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Outcome(process.returncode, out.read().decode("utf-8", "replace"),
                       err.read().decode("utf-8", "replace"), elapsed,
                       usage.ru_maxrss / 1024, killed.is_set())
