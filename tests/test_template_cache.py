"""The template cache (issue 16) changes how fast documents are made, never their bytes.

docxtpl's per-template work (the patched XML, the compiled template code) is kept by
content in the cache folder (:mod:`hrdd_docs.cache`, :mod:`hrdd_docs.render.docx_engine`).
These tests build with a cold cache, a warm one, a corrupt, truncated, unreadable or
unwritable one and none, and compare the bytes; they check that the sandbox still
refuses what it refuses when the code comes from the cache, and that the cache is keyed
by the template's content, not its name.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from readback import docx_text

from hrdd_docs import cache, dossier
from hrdd_docs.errors import InputError
from hrdd_docs.render import docx_engine
from hrdd_docs.render.docx import render_template

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "darvonia" / "project.yaml"
WHEN = date(2026, 3, 1)


def _forget() -> None:
    """Forget what this process compiled, so the next render reads the cache folder."""
    docx_engine._MEMO.clear()


def _build(out: Path) -> dict[str, bytes]:
    _forget()
    result = dossier.build(EXAMPLE, out, today=WHEN)
    return {p.name: p.read_bytes() for p in result.files}


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / "docxtpl").glob("*.bin")) if (folder / "docxtpl").is_dir() else []


def _template(tmp_path: Path, body: str, header: str = "{{ name }}",
              name: str = "template.docx") -> Path:
    """A small Word template: one paragraph of body and a header."""
    document = docx.Document()
    document.add_paragraph(body)
    document.sections[0].header.paragraphs[0].text = header
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def _render(template: Path, **context: object) -> bytes:
    return render_template(template, dict(context), title="T", subject="S", author="A",
                           when=WHEN)


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder for this test alone."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("HRDD_CACHE_DIR", str(folder))
    _forget()
    return folder


def test_cold_warm_corrupt_truncated_unreadable_and_no_cache_give_the_same_bytes(
        own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = _build(tmp_path / "cold")
    entries = _entries(own_cache)
    assert len(entries) == 4  # MOU, deed, procedure sheet, waiver letter: one each
    assert _build(tmp_path / "warm") == cold

    # Corrupt one entry (a flipped byte), truncate another, replace a third by a folder.
    data = entries[0].read_bytes()
    entries[0].write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    entries[1].write_bytes(entries[1].read_bytes()[:100])
    entries[2].unlink()
    entries[2].mkdir()
    assert _build(tmp_path / "corrupt") == cold
    # The corrupt and truncated entries were rewritten whole; the folder stays in the way.
    assert entries[0].read_bytes() != data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:]
    assert cache.load("docxtpl", entries[1].stem) is not None
    assert entries[2].is_dir()

    # An unwritable cache: the folder's place is taken by a file.
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder")
    monkeypatch.setenv("HRDD_CACHE_DIR", str(blocked / "cache"))
    assert _build(tmp_path / "unwritable") == cold

    monkeypatch.setenv("HRDD_CACHE", "off")
    assert _build(tmp_path / "off") == cold

    # docxtpl doing all the work itself (no cache, none of our shortcuts): same bytes.
    monkeypatch.setattr(docx_engine, "FOLLOWS", set())
    assert _build(tmp_path / "docxtpl") == cold


def test_a_warm_cache_skips_compiling_the_template(own_cache: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    template = _template(tmp_path, "Dear {{ name }},")
    first = _render(template, name="Ms Amara")
    assert "Dear Ms Amara," in docx_text(first)
    compiled: list[str] = []
    from hrdd_docs.environment import _BoundedEnvironment

    original = _BoundedEnvironment.compile

    def counting(self, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        compiled.append(source)
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(_BoundedEnvironment, "compile", counting)
    _forget()
    assert _render(template, name="Ms Amara") == first
    assert compiled == []
    # Another value, the same cached code: the new value is placed and escaped.
    assert "Dear <b>&</b>," in docx_text(_render(template, name="<b>&</b>"))
    assert compiled == []


def test_the_cache_is_keyed_by_content_not_by_name(own_cache: Path, tmp_path: Path) -> None:
    template = _template(tmp_path, "First text for {{ name }}.")
    assert "First text for X." in docx_text(_render(template, name="X"))
    _template(tmp_path, "Second text for {{ name }}.")  # same path, new content
    text = docx_text(_render(template, name="X"))
    assert "Second text for X." in text and "First text" not in text
    assert len(_entries(own_cache)) == 2


def test_the_sandbox_refuses_a_forbidden_attribute_with_a_warm_cache(
        own_cache: Path, tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ name.__class__.__mro__ }}")
    for _ in range(2):  # cold, then warm (from the cache folder)
        with pytest.raises(InputError, match=r"__class__|unsafe"):
            _render(template, name="x")
        _forget()
    assert len(_entries(own_cache)) == 1  # the code compiled, and came from the cache


def test_a_template_refused_when_parsed_is_never_cached(own_cache: Path,
                                                        tmp_path: Path) -> None:
    template = _template(tmp_path, "{% include 'other.xml' %}")
    for _ in range(2):
        with pytest.raises(InputError, match="include"):
            _render(template, name="x")
        _forget()
    assert _entries(own_cache) == []


def test_a_bad_header_tag_raises_as_docxtpl_does(own_cache: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    template = _template(tmp_path, "Body", header="{{ name ")
    messages = []
    for _ in range(2):  # cold, then warm: the body is cached, the header never is
        with pytest.raises(InputError, match=r"template\.docx") as raised:
            _render(template, name="x")
        messages.append(str(raised.value))
        _forget()
    monkeypatch.setattr(docx_engine, "FOLLOWS", set())  # docxtpl's own path, no cache
    with pytest.raises(InputError) as raised:
        _render(template, name="x")
    assert messages == [str(raised.value)] * 2


def test_entries_are_checked_and_written_atomically(own_cache: Path) -> None:
    cache.store("docxtpl", "k", b"payload")
    assert cache.load("docxtpl", "k") == b"payload"
    path = own_cache / "docxtpl" / "k.bin"
    assert [p.name for p in path.parent.iterdir()] == ["k.bin"]  # no temporary left
    path.write_bytes(path.read_bytes()[:-1])
    assert cache.load("docxtpl", "k") is None
    path.write_bytes(b"")
    assert cache.load("docxtpl", "k") is None
    assert cache.load("docxtpl", "absent") is None


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HRDD_CACHE_DIR", str(tmp_path / "x"))
    assert cache.folder() == tmp_path / "x"
    monkeypatch.delenv("HRDD_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "hrdd_docs"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.folder() == tmp_path / "home" / ".cache" / "hrdd_docs"
    for off in ("off", "0", "no", "FALSE"):
        monkeypatch.setenv("HRDD_CACHE", off)
        assert cache.folder() is None
        cache.store("docxtpl", "k", b"x")  # nothing written, nothing raised
    assert not (tmp_path / "home").exists()


def test_the_rendered_body_is_spliced_in_not_moved_node_by_node(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docxtpl's own move of the body is quadratic in its size; the engine never uses it
    for the packaged templates, and the bytes are those docxtpl's move gives."""
    from docxtpl import DocxTemplate

    monkeypatch.setattr(docx_engine, "FOLLOWS", set())
    by_docxtpl = _build(tmp_path / "docxtpl")
    monkeypatch.undo()
    monkeypatch.setenv("HRDD_CACHE_DIR", str(tmp_path / "cache"))

    def refused(self, tree):  # type: ignore[no-untyped-def]
        raise AssertionError("docxtpl's node-by-node move was used")

    monkeypatch.setattr(DocxTemplate, "map_tree", refused)
    assert _build(tmp_path / "spliced") == by_docxtpl


def test_one_zip_write_gives_the_bytes_of_saving_then_finishing() -> None:
    """ooxml.write_opc (Word) and ooxml.StableZip (Excel) write each package once; the
    bytes are those of the library's own save followed by ooxml.finish."""
    import zipfile

    import openpyxl
    from openpyxl.writer.excel import ExcelWriter

    from hrdd_docs import ooxml

    document = docx.Document()
    document.add_paragraph("Deed of donation & schedule <1>")
    saved = io.BytesIO()
    document.save(saved)
    assert ooxml.write_opc(document.part.package) == ooxml.finish(saved.getvalue())

    def workbook() -> openpyxl.Workbook:
        wb = openpyxl.Workbook()
        wb.properties.created = wb.properties.modified = datetime(2026, 3, 1)
        wb.active.append(["Risk", "Rating", "=1+1"])
        wb.create_sheet("Second")["B2"] = "é & <x>"
        return wb

    plain, stable = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook(), archive).write_data()
    with ooxml.StableZip(stable) as archive:
        ExcelWriter(workbook(), archive).write_data()
    assert stable.getvalue() == ooxml.finish(plain.getvalue())


def test_one_zip_write_still_refuses_a_part_that_is_not_well_formed() -> None:
    from hrdd_docs import ooxml

    with pytest.raises(ooxml.PackageError, match=r"xl/broken\.xml"):
        with ooxml.StableZip(io.BytesIO()) as archive:
            archive.writestr("xl/broken.xml", "<a><b></a>")


def _fresh_clause_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the clause checks this process learnt, so the next read uses the folder."""
    from hrdd_docs import clause_code, clauses

    clause_code.TABLE.forget()
    clauses._packaged_files.cache_clear()  # the packaged library is read once a process


def test_clause_checks_from_a_cold_warm_or_corrupt_cache_are_the_same(
        own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hrdd_docs import clause_code
    from hrdd_docs.clauses import load_library

    _fresh_clause_code(monkeypatch)
    cold = [(c.id, c.text, c.translations) for c in load_library(None)]
    clause_code.save()
    (entry,) = (own_cache / "clauses").glob("*.bin")
    _fresh_clause_code(monkeypatch)
    assert [(c.id, c.text, c.translations) for c in load_library(None)] == cold
    entry.write_bytes(entry.read_bytes()[:-5])  # truncated: ignored, rebuilt in memory
    _fresh_clause_code(monkeypatch)
    assert [(c.id, c.text, c.translations) for c in load_library(None)] == cold


@pytest.mark.parametrize("text, refused", [
    ("{{ project.__class__ }}", r"__class__|unsafe"),
    ("{{ 'x'.center(10) }}", r"center|methods"),
])
def test_a_clause_refused_at_render_is_refused_with_a_warm_cache(
        own_cache: Path, monkeypatch: pytest.MonkeyPatch, text: str, refused: str) -> None:
    from hrdd_docs import clause_code
    from hrdd_docs.environment import make_environment, render

    for _ in range(2):  # compiled now, then from the cache folder
        with pytest.raises(Exception, match=refused):
            render(clause_code.template(make_environment(xml=False), text), {"project": 1})
        clause_code.save()
        _fresh_clause_code(monkeypatch)
    assert list((own_cache / "clauses").glob("*.bin"))


def test_a_clause_that_does_not_parse_is_never_kept(own_cache: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2 import TemplateSyntaxError

    from hrdd_docs import clause_code
    from hrdd_docs.environment import make_environment

    _fresh_clause_code(monkeypatch)
    for source in ("{% include 'x' %}", "{{ unclosed "):
        for _ in range(2):
            with pytest.raises(TemplateSyntaxError):
                clause_code.variables(make_environment(xml=False), source)
    assert clause_code.TABLE.entries() == {}


# --- the catalogs' sentences (hrdd_docs.sentence_code) -------------------------------


def _fresh_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the sentences this process compiled, so the next ones come from the folder."""
    from hrdd_docs import catalog, sentence_code
    from hrdd_docs.render import workbook_text

    sentence_code.TABLE.forget()
    catalog._compiled.cache_clear()
    workbook_text._compiled.cache_clear()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_sentences_from_a_cold_warm_corrupt_or_no_cache_give_the_same_documents(
        own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        language: str) -> None:
    from hrdd_docs import sentence_code

    def built(name: str) -> dict[str, bytes]:
        _fresh_sentences(monkeypatch)
        result = dossier.build(EXAMPLE, tmp_path / name, today=WHEN, languages=(language,))
        sentence_code.save()
        return {p.name: p.read_bytes() for p in result.files}

    cold = built("cold")
    (entry,) = (own_cache / "sentences").glob("*.bin")
    assert len(sentence_code.TABLE.entries()) > 10
    assert built("warm") == cold
    entry.write_bytes(entry.read_bytes()[:-7])  # truncated: ignored, compiled again
    assert built("corrupt") == cold
    assert cache.load("sentences", entry.stem) is not None  # rewritten whole
    monkeypatch.setenv("HRDD_CACHE", "off")
    assert built("off") == cold


def test_a_warm_sentence_cache_skips_compiling(own_cache: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from hrdd_docs import sentence_code

    _fresh_sentences(monkeypatch)
    text = "Monitoring every {{ months }} months"
    assert sentence_code.template(text).render(months=3) == "Monitoring every 3 months"
    sentence_code.save()
    _fresh_sentences(monkeypatch)
    from hrdd_docs.environment import _BoundedEnvironment

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(_BoundedEnvironment, "compile", refuse)
    assert sentence_code.template(text).render(months=4) == "Monitoring every 4 months"


@pytest.mark.parametrize("text, refused", [
    ("{{ value.__class__ }}", r"__class__|unsafe"),
    ("{{ value.center(10) }}", r"center|methods"),
])
def test_a_sentence_refused_at_render_is_refused_with_a_warm_cache(
        own_cache: Path, monkeypatch: pytest.MonkeyPatch, text: str, refused: str) -> None:
    from hrdd_docs import sentence_code
    from hrdd_docs.environment import render

    for _ in range(2):  # compiled now, then from the cache folder
        _fresh_sentences(monkeypatch)
        with pytest.raises(Exception, match=refused):
            render(sentence_code.template(text), {"value": "x"})
        sentence_code.save()
    assert list((own_cache / "sentences").glob("*.bin"))


def test_a_sentence_that_does_not_compile_is_never_kept(
        own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2 import TemplateSyntaxError

    from hrdd_docs import sentence_code

    _fresh_sentences(monkeypatch)
    for source in ("{% include 'x' %}", "{{ unclosed "):
        for _ in range(2):
            with pytest.raises(TemplateSyntaxError):
                sentence_code.template(source)
    assert sentence_code.TABLE.entries() == {}


# --- plain data kept by content (hrdd_docs.cache.plain): the workbook's layout -------


def test_plain_data_is_made_once_and_made_again_when_the_entry_is_not_plain(
        own_cache: Path) -> None:
    made: list[int] = []

    def make() -> dict[str, object]:
        made.append(1)
        return {"sheets": [{"name": "Guide", "columns": ["a", "b"]}], "rows": "12"}

    first = cache.plain("layout", make, "v1")
    assert cache.plain("layout", make, "v1") == first and len(made) == 1
    assert cache.plain("layout", make, "v2") == first and len(made) == 2  # another key
    (entry,) = [p for p in (own_cache / "layout").glob("*.bin")
                if p.stem == cache.key("v1")]
    import marshal

    for bad in ({"rows": 12}, ["not", "a", "dict"], {"code": compile("1", "x", "eval")}):
        cache.store("layout", entry.stem, marshal.dumps(bad))
        assert cache.plain("layout", make, "v1") == first
    entry.write_bytes(entry.read_bytes()[:-3])
    assert cache.plain("layout", make, "v1") == first
    assert len(made) == 6


def test_the_workbook_layout_from_a_warm_cache_is_the_layout_read(own_cache: Path) -> None:
    from hrdd_docs.render import workbook_layout

    workbook_layout.english_layout.cache_clear()
    cold = workbook_layout.english_layout()
    assert list((own_cache / "layout").glob("*.bin"))
    workbook_layout.english_layout.cache_clear()
    assert workbook_layout.english_layout() == cold
    assert cold.sheets and cold.sheet("Risk register").columns


def test_catalogs_from_a_warm_cache_are_the_catalogs_read(own_cache: Path) -> None:
    from hrdd_docs import catalog

    catalog.entries.cache_clear()
    cold = {(kind, lang): catalog.entries(kind, lang)
            for kind in ("mou", "sop", "deed_of_donation") for lang in ("en", "fr")}
    assert len(list((own_cache / "catalogs").glob("*.bin"))) == 6
    catalog.entries.cache_clear()
    assert {key: catalog.entries(*key) for key in cold} == cold


def test_a_catalog_that_is_not_a_mapping_is_refused_every_time(own_cache: Path) -> None:
    from hrdd_docs.catalog import CatalogError, parsed

    for _ in range(2):
        with pytest.raises(CatalogError, match=r"x\.yaml: a catalog is a mapping"):
            parsed("- just\n- a list\n", "x.yaml", "a catalog is a mapping")
    assert not (own_cache / "catalogs").exists()
    assert parsed("a: b\n", "y.yaml", "?") == parsed("a: b\n", "y.yaml", "?") == {"a": "b"}


def test_the_rendered_tree_is_emptied_once_spliced_in(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The rendered body is freed before the document is parsed again, so a large
    schedule is never held twice as a tree (issue 16, peak memory)."""
    seen: list[object] = []
    splice = docx_engine.StrictTemplate.map_tree

    def watched(self, tree):  # type: ignore[no-untyped-def]
        rows = len(tree)
        splice(self, tree)
        seen.append((rows, len(tree), len(self.docx.element.body)))

    monkeypatch.setattr(docx_engine.StrictTemplate, "map_tree", watched)
    built = _build(tmp_path / "out")
    assert len(seen) == 4 and len(built) == 6
    assert all(rows > 10 and left == 0 and body == rows for rows, left, body in seen)
