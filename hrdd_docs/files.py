"""Read and write the user's files without surprises.

Reading: only a regular file is read (a pipe would block for ever, ``/dev/zero`` never
ends, a symlink to either is the same), and never more than a limit, checked on the
open file itself so that nothing can be swapped in between the check and the read.

Writing one file (``hrdd import -o``, ``hrdd init``): the text goes to a temporary file
created exclusively in the target's folder under an unpredictable name (so a symlink
planted there is never followed), then is put in place in one step; without
``replace`` that step refuses a file that exists, even one created a moment earlier by
another process. Several files at once are :mod:`hrdd_docs.placing`'s job.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from hrdd_docs.errors import InputError, Problem, writing


def size_text(size: int, *, limit: bool = False) -> str:
    """``4.2 MB``, ``256 KB``, ``499 bytes``: a size in the unit that suits it.

    A limit is written without decimals (``the 4 MB limit``), a file's size with one.
    """
    for unit, scale in (("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            return f"{size / scale:.0f} {unit}" if limit else f"{size / scale:.1f} {unit}"
    return f"{size} byte{'s' if size != 1 else ''}"


def read_regular(path: Path, *, max_bytes: int, what: str) -> bytes:
    """The bytes of the regular file at ``path``, refused past ``max_bytes``.

    ``what`` names the kind of file in messages: ``"project definition"``,
    ``"clause file"``, ``"IRA workbook"``. Raise :class:`InputError` for a missing
    file, a folder, anything that is not a regular file, a file over the limit or one
    that cannot be read.
    """
    name = str(path)

    def refuse(message: str) -> InputError:
        return InputError(Problem(name, 0, 0, "", message))

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        # Non-blocking: opening a pipe with no writer returns at once (then refused below).
        fd = os.open(path, flags)
    except FileNotFoundError as err:
        raise refuse("no such file; check the path") from err
    except IsADirectoryError as err:  # where a folder cannot be opened for reading
        raise refuse(f"is a folder; give the {what} inside it") from err
    except OSError as err:
        if err.errno == errno.ENAMETOOLONG:
            raise refuse("the name is too long for this system; check the path") from err
        raise refuse(f"cannot be read ({(err.strerror or str(err)).lower()})") from err
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise refuse(f"is a folder; give the {what} inside it")
        raise refuse(f"is not a regular file (a device, a pipe or a socket); give the "
                     f"{what} itself")
    with os.fdopen(fd, "rb") as fh:
        try:
            raw = fh.read(max_bytes + 1) if info.st_size <= max_bytes else b""
        except OSError as err:
            raise refuse(f"cannot be read ({(err.strerror or str(err)).lower()})") from err
    if info.st_size > max_bytes or len(raw) > max_bytes:
        # Some files (under /proc) report no size: what was read is checked too.
        size = max(info.st_size, len(raw))
        raise refuse(f"file is {size_text(size)}, more than the "
                     f"{size_text(max_bytes, limit=True)} limit for {_article(what)} {what}; "
                     "is this the right file?")
    return raw


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" or noun.startswith("IRA") else "a"


def write_file(target: Path, data: bytes, *, replace: bool, fix: str,
               exists: str = "choose another name, or use --force to replace it") -> None:
    """Write ``data`` to ``target`` all at once; an existing ``target`` only if ``replace``.

    ``fix`` says what to do when the place cannot be written (see
    :func:`hrdd_docs.errors.writing`); ``exists`` what to do when ``target`` exists
    and ``replace`` is false. That is refused (:class:`InputError`, naming ``target``)
    even if the file appeared while writing. The file gets the usual permissions
    (those the umask leaves), not the temporary file's private ones.
    """
    check_names(target, fix)
    folder = target.parent if str(target.parent) else Path(".")
    with writing(target, fix):
        import tempfile  # here: reading a project file (every command) needs none

        fd, temporary = tempfile.mkstemp(prefix=".hrdd-", suffix=".partial", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
                os.fsync(fh.fileno())
            if replace:
                os.replace(temporary, target)
            else:
                place_new(Path(temporary), target)
        except FileExistsError:
            raise InputError(Problem(str(target), 0, 0, "", f"already exists; {exists}")
                             ) from None
        finally:
            Path(temporary).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def place_new(source: Path, target: Path) -> None:
    """Give the file ``source`` the name ``target`` unless ``target`` exists, in one step.

    A hard link refuses an existing name atomically (:class:`FileExistsError`);
    ``source`` keeps its own name, for the caller to remove. Where the file system has
    no hard links, the name is claimed by creating it exclusively, then replaced.
    """
    try:
        os.link(source, target, follow_symlinks=False)
        return
    except FileExistsError:
        raise
    except OSError as err:
        if err.errno not in {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK,
                             errno.EXDEV}:
            raise
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    os.replace(source, target)


def name_max(folder: Path) -> int:
    """The longest file name the file system of ``folder`` (or its nearest parent) allows."""
    for place in (folder, *folder.parents):
        try:
            return os.pathconf(place, "PC_NAME_MAX")
        except (OSError, ValueError, AttributeError):
            continue
    return 255


def check_names(path: Path, fix: str) -> None:
    """Refuse a path whose file or folder names are too long for the file system.

    The system's own error ("File name too long") says neither which name nor what to
    do; this names the longest part, its length, the limit and ``fix``.
    """
    absolute = Path(os.path.abspath(path))
    limit = name_max(absolute.parent)
    longest = max(absolute.parts, key=lambda part: len(os.fsencode(part)))
    length = len(os.fsencode(longest))
    if length > limit:
        shown = longest if len(longest) <= 40 else f"{longest[:20]}…{longest[-12:]}"
        raise InputError(Problem(str(path) if len(str(path)) <= 80 else shown, 0, 0, "", (
            f"the name {shown!r} is {length} bytes long, more than the {limit} this system "
            f"allows for a file or folder name; nothing was written. "
            f"{fix[:1].upper()}{fix[1:]}, with a shorter name")))
