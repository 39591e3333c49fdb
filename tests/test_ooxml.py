"""ooxml.finish: every XML part parsed strictly, entries rewritten byte-stable."""

import io
import zipfile

import pytest

from hrdd_docs import ooxml


def package(parts: dict[str, bytes], when: tuple[int, ...] = (2026, 11, 27, 10, 30, 0)) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), data)
    return out.getvalue()


PARTS = {
    "[Content_Types].xml": b"<Types/>",
    "_rels/.rels": b"<Relationships/>",
    "word/document.xml": "<document>Darvonia &amp; Norland, café</document>".encode(),
    "word/media/image1.png": b"\x89PNG not xml <",
}


def test_keeps_order_and_content_and_fixes_dates_and_compression() -> None:
    finished = ooxml.finish(package(PARTS))
    with zipfile.ZipFile(io.BytesIO(finished)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == list(PARTS)
        assert {archive.read(i.filename) for i in infos} == set(PARTS.values())
        assert {i.date_time for i in infos} == {ooxml.FIXED_DATE}
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_the_same_parts_saved_at_another_time_give_the_same_bytes() -> None:
    later = package(PARTS, when=(2027, 1, 2, 3, 4, 6))
    assert ooxml.finish(package(PARTS)) == ooxml.finish(later)


@pytest.mark.parametrize("broken", [b"<document>a & b</document>", b"<document><p></document>",
                                    b"<document/>\x00"])
def test_a_part_that_is_not_well_formed_is_named(broken: bytes) -> None:
    with pytest.raises(ooxml.PackageError, match=r"^word/document\.xml: "):
        ooxml.finish(package({**PARTS, "word/document.xml": broken}))


def test_a_large_part_seen_well_formed_is_accepted_again() -> None:
    styles = b"<styles>" + b"<style/>" * 5_000 + b"</styles>"
    parts = {**PARTS, "word/styles.xml": styles}
    assert ooxml.finish(package(parts)) == ooxml.finish(package(parts))
    with pytest.raises(ooxml.PackageError, match=r"^word/styles\.xml: "):
        ooxml.finish(package({**parts, "word/styles.xml": styles[:-1]}))
