"""Convert documents with LibreOffice, the real office suite the outputs must open in.

``soffice --convert-to`` exits 0 even when it could not load a file, so the result is
checked: the converted file must exist and not be empty. Each call uses its own
LibreOffice profile, so conversions can run side by side.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from hrdd_docs.errors import HrddError


class OfficeError(HrddError):
    """LibreOffice is missing, or could not convert a document."""


def soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice``, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, fmt: str, outdir: Path, *, timeout: float = 180) -> Path:
    """Convert ``source`` to ``fmt`` (``pdf``, ``xlsx``…) into ``outdir``; return the result.

    Raise :class:`OfficeError` when LibreOffice is missing or produced nothing.
    """
    binary = soffice()
    if binary is None:
        raise OfficeError(
            "LibreOffice is not installed, so no PDF was made; install it "
            "(Debian: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)"
        )
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / f"{source.stem}.{fmt.split(':')[0]}"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="hrdd-lo-") as profile:
        try:
            subprocess.run(
                [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                 "--norestore", "--convert-to", fmt, "--outdir", str(outdir), str(source)],
                check=False, capture_output=True, timeout=timeout,
            )
        except subprocess.TimeoutExpired as err:
            raise OfficeError(f"LibreOffice took more than {timeout:.0f} s to convert "
                              f"{source.name}") from err
    if not target.exists() or target.stat().st_size == 0:
        raise OfficeError(f"LibreOffice could not convert {source.name} to {fmt}")
    return target


def pdf_text(pdf: Path) -> str:
    """Return the text of a PDF as ``pdftotext -layout`` reads it."""
    binary = shutil.which("pdftotext")
    if binary is None:
        raise OfficeError("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    result = subprocess.run([binary, "-layout", str(pdf), "-"], check=True,
                            capture_output=True, text=True, timeout=60)
    return result.stdout
