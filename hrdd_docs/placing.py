"""Put a build's files into the output folder: all or none, one build at a time, and
an interrupted build undone by the next.

A build stages its files in a private folder inside the output folder
(``.hrdd-staging-*``, so every move is a rename on one file system), then, holding an
exclusive lock on the output folder:

1. undoes whatever an earlier, interrupted build left (below);
2. checks every name it will write (:func:`check_existing`): the check and the moves
   happen under one lock, so two builds cannot both pass it;
3. writes the journal ``.hrdd-journal.json``: the staging folder, every name with the
   hash of its new file, and the names that existed before;
4. moves the old manifest aside, then each old file aside and each new file into place,
   and the new manifest last, so no manifest ever lists a file that is not there;
5. marks the journal done, then removes the staging folder (with the old files) and the
   journal.

Killed during step 4 (power cut, ``kill -9``), the folder holds a mix; the next build
into it (any ``hrdd build``, at its start) finds the journal and restores the old
dossier exactly: it removes the new files the journal lists (recognised by their hash)
and moves the old ones back. Killed after step 5 began, it finishes removing the
leftovers. A staging folder whose build died before step 3 is removed. The lock is the
kernel's (``flock``): it ends with the process that holds it, so it never goes stale.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hrdd_docs.errors import HrddError, InputError, Problem

JOURNAL = ".hrdd-journal.json"
STAGING = ".hrdd-staging-"
_BACKUP = ".replaced"

LOCK_WAIT = 120.0
"""Seconds a build waits for another build writing into the same folder."""


def _step(name: str) -> None:
    """Called at each step of a move; the tests stop the process here (a no-op)."""


@dataclass
class Staged:
    """A build's private folder inside the output folder, and what it recovered."""

    out_dir: Path
    path: Path
    created: bool
    recovered: list[str] = field(default_factory=list)
    """Messages about an interrupted build this one undid."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def staging(out_dir: Path) -> Iterator[Staged]:
    """A locked staging folder in ``out_dir`` (made if needed), removed on the way out.

    If this build made ``out_dir`` and leaves nothing in it, ``out_dir`` is removed too.
    """
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir) as recovered:
        path = Path(tempfile.mkdtemp(prefix=STAGING, dir=out_dir))
        mine = _lock_folder(path)  # held while this build lives: its staging is in use
    staged = Staged(out_dir, path, created, recovered)
    try:
        yield staged
    finally:
        # A failure inside place() left its journal: taking the lock puts the old files
        # back (as after a crash) before the staging folder, with their backup, goes.
        with _locked(out_dir):
            shutil.rmtree(path, ignore_errors=True)
            os.close(mine)
            if created:
                with contextlib.suppress(OSError):
                    out_dir.rmdir()  # only if empty: another build may be staging here


def recover(out_dir: Path) -> list[str]:
    """Undo what an interrupted build left in ``out_dir``, if anything; say what was done."""
    pending = (out_dir / JOURNAL).exists() or any(out_dir.glob(f"{STAGING}*"))
    if not out_dir.is_dir() or not pending:
        return []
    with _locked(out_dir) as recovered:
        return recovered


def place(staged: Staged, names: list[str], manifest_name: str,
          check: Callable[[dict[str, Any] | None], bytes]) -> list[str]:
    """Move the staged files ``names`` (the manifest last) into the output folder.

    ``check(old_manifest)`` runs under the lock, after any recovery: it raises to refuse
    (see :func:`check_existing`) or returns the manifest's bytes, which are written last.
    Return the names that replaced a file.
    """
    out_dir, path = staged.out_dir, staged.path
    with _locked(out_dir) as recovered:
        staged.recovered += recovered
        _step("locked")
        data = check(read_manifest(out_dir / manifest_name))
        (path / manifest_name).write_bytes(data)
        order = [n for n in names if n != manifest_name] + [manifest_name]
        existed = [n for n in order if os.path.lexists(out_dir / n)]
        new = {name: sha256_file(path / name) for name in order}
        _write_journal(out_dir, {"staging": path.name, "state": "moving", "names": order,
                                 "new": new, "old": existed})
        _step("journal")
        backup = path / _BACKUP
        backup.mkdir()
        if manifest_name in existed:  # first, so no manifest lists a file being moved
            os.replace(out_dir / manifest_name, backup / manifest_name)
            _step(f"aside:{manifest_name}")
        for name in order:
            if name in existed and name != manifest_name:
                os.replace(out_dir / name, backup / name)
                _step(f"aside:{name}")
            os.replace(path / name, out_dir / name)
            _step(f"placed:{name}")
        _write_journal(out_dir, {"staging": path.name, "state": "done"})
        _step("done")
        shutil.rmtree(backup, ignore_errors=True)
        (out_dir / JOURNAL).unlink()
        _step("cleaned")
    return existed


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest at ``path`` if it is a regular file this toolkit wrote, else None."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and (data.get("generator") or {}).get("name") == "hrdd_docs":
        return data
    return None


def check_existing(out_dir: Path, names: list[str], manifest_name: str,
                   old: dict[str, Any] | None, *, force: bool) -> list[Problem]:
    """Problems with the names a build will write into ``out_dir`` (empty: go ahead).

    A name that is a folder, a link or anything but a regular file is never replaced.
    A regular file is replaced only with ``force``, and only if the toolkit wrote it:
    the folder's manifest lists it and, where it recorded a hash, the file still has
    it (a document edited since, e.g. signed or annotated in Word, is kept).
    """
    listed: dict[str, str | None] = {}
    for entry in (old or {}).get("documents", []):
        listed[entry.get("file")] = entry.get("sha256")
        if entry.get("pdf"):
            listed[entry["pdf"]] = None
    problems = []
    for name in names:
        target = out_dir / name
        try:
            mode = os.lstat(target).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue  # (a folder in the path that is a file is reported when writing)
        if not stat.S_ISREG(mode):
            what = ("a folder" if stat.S_ISDIR(mode) else "a link" if stat.S_ISLNK(mode)
                    else "not a regular file")
            problems.append(Problem(str(target), 0, 0, "", (
                f"is {what}, which hrdd build never replaces, even with --force; nothing was "
                "written. Move it away, or choose another -o DIR")))
        elif not force:
            problems.append(Problem(str(target), 0, 0, "", "already exists; nothing was "
                                    "written. Use --force to replace it, or choose another "
                                    "-o DIR"))
        elif name == manifest_name:
            if old is None:
                problems.append(Problem(str(target), 0, 0, "", (
                    "is not a manifest hrdd build wrote, so --force does not replace it; "
                    "nothing was written. Move it away, or choose another -o DIR")))
        elif name not in listed:
            problems.append(Problem(str(target), 0, 0, "", (
                f"was not written by hrdd build ({manifest_name} here does not list it), so "
                "--force does not replace it; nothing was written. Move it away, or choose "
                "another -o DIR")))
        elif listed[name] is not None and sha256_file(target) != listed[name]:
            problems.append(Problem(str(target), 0, 0, "", (
                f"was changed since hrdd build wrote it (it no longer matches {manifest_name}), "
                "so --force does not replace it; nothing was written. Move it away to keep "
                "the changes, or delete it, then build again")))
    return problems


# --------------------------------------------------------------------------- the lock


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[list[str]]:
    """Hold the output folder's lock; first undo what an interrupted build left."""
    fd = _lock_folder(out_dir, wait=LOCK_WAIT)
    try:
        yield _recover(out_dir)
    finally:
        os.close(fd)


def _lock_folder(folder: Path, *, wait: float = 0.0) -> int:
    """An open descriptor of ``folder`` holding an exclusive lock on it.

    ``folder`` may be removed and made again while this waits (a failed build removes
    the folder it made): the lock is taken on the folder that is there when it succeeds.
    """
    fcntl = _fcntl()
    deadline = time.monotonic() + wait
    while True:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise HrddError(f"{folder}: another hrdd build has been writing into this "
                                f"folder for more than {wait:.0f} s; wait for it to finish, "
                                "or choose another -o DIR") from None
            time.sleep(0.05)
            continue
        now = os.stat(folder)
        held = os.fstat(fd)
        if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
            return fd
        os.close(fd)  # the folder was replaced while waiting: lock the new one


def _fcntl() -> Any:
    """The POSIX lock module; on a system without it (Windows), a clear refusal rather
    than a traceback: the lock that keeps two builds apart is the kernel's ``flock``."""
    try:
        import fcntl
    except ImportError:
        raise HrddError("hrdd build writes its output folder under a POSIX file lock "
                        "(flock), which this system lacks; run it on Linux or macOS, or on "
                        "Windows under WSL") from None
    return fcntl


def _is_live(folder: Path) -> bool:
    """Whether a build still holds ``folder`` (its staging folder)."""
    fcntl = _fcntl()
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


# --------------------------------------------------------------------------- recovery


def _write_journal(out_dir: Path, data: dict[str, Any]) -> None:
    temporary = out_dir / f"{JOURNAL}.new"
    with temporary.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temporary, out_dir / JOURNAL)


def _recover(out_dir: Path) -> list[str]:
    """Undo an interrupted build (under the lock); return what was done, in words."""
    done: list[str] = []
    journal = out_dir / JOURNAL
    data: dict[str, Any] | None = None
    if journal.exists():
        try:
            data = json.loads(journal.read_text("utf-8"))
        except (OSError, ValueError):
            data = None
        if not isinstance(data, dict) or not str(data.get("staging", "")).startswith(STAGING) \
                or "/" in str(data.get("staging")):
            raise InputError(Problem(str(journal), 0, 0, "", (
                "is damaged, so hrdd build cannot tell what an interrupted build left here; "
                "check the folder's files against manifest.json, delete the journal, then "
                "build again")))
    if data is not None:
        staging = out_dir / data["staging"]
        if data.get("state") == "moving":
            done.append(_restore(out_dir, staging, data))
        else:
            done.append("an interrupted build had finished; its leftovers were removed")
        shutil.rmtree(staging, ignore_errors=True)
        journal.unlink()
    (out_dir / f"{JOURNAL}.new").unlink(missing_ok=True)
    for leftover in sorted(out_dir.glob(f"{STAGING}*")):
        if leftover.is_dir() and not leftover.is_symlink() and not _is_live(leftover):
            shutil.rmtree(leftover, ignore_errors=True)
    return done


def _restore(out_dir: Path, staging: Path, data: dict[str, Any]) -> str:
    """Put back the files an interrupted move had set aside; remove the new ones."""
    backup = staging / _BACKUP
    if not staging.is_dir():
        return ("an interrupted build left this folder incomplete and its backup is gone; "
                "check the files against manifest.json, or rebuild with --force")
    old = set(data.get("old", []))
    for name in reversed(data.get("names", [])):
        target, saved = out_dir / name, backup / name
        if not _plain_name(name):
            continue
        # A new file is recognised by its hash; an old one not yet set aside stays.
        placed = (os.path.isfile(target) and not os.path.islink(target)
                  and sha256_file(target) == data["new"].get(name))
        if placed and (name not in old or os.path.lexists(saved)):
            target.unlink()
        if os.path.lexists(saved):
            try:
                os.replace(saved, target)
            except OSError as err:
                if err.errno not in {errno.EEXIST, errno.ENOTEMPTY, errno.EISDIR}:
                    raise
    return "an interrupted build was undone: the files it had replaced are back"


def _plain_name(name: str) -> bool:
    return bool(name) and Path(name).name == name and name not in {".", ".."}
