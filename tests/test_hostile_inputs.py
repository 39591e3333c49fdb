"""The index of the hostile-input tests: one module per kind of input.

Every promise the toolkit makes about hostile or careless input (one message naming the
place and the fix, the right exit code, no traceback, nothing half-written, nothing of
the user's replaced or deleted, bounded time and memory) is checked in the module for
that kind of input; each module's docstring lists its cases with the promise each
checks:

- ``test_hostile_project_files.py``: project definitions (YAML): files that are not
  files, characters, texts longer than a cell, dates;
- ``test_hostile_workbooks.py``: workbooks given to ``hrdd import``: dimensions, cell
  counts, lying zip headers, FIFOs and devices, amounts, where the project file goes;
- ``test_hostile_output_folders.py``: where ``hrdd build`` writes: races, kills at every
  step, ``--force`` against what is in the way, partial builds, long names, places
  that cannot be written;
- ``test_hostile_clause_libraries.py``: user clause libraries: texts that hang, crash or
  grow, template loading, links out of the folder, files that are not clauses;
- ``test_hostile_batch.py``: several projects at once: dead workers, a killed main
  process, duplicate ids.

The malformed project files of ``tests/bad_inputs/`` are in ``test_bad_inputs.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MODULES = sorted(Path(__file__).parent.glob("test_hostile_*.py"))


def test_every_kind_of_input_is_listed_here():
    listed = {line.split("``")[1] for line in __doc__.splitlines() if line.startswith("- ``")}
    assert listed == {module.name for module in MODULES if module.name != Path(__file__).name}


@pytest.mark.parametrize("module", [m for m in MODULES if m.name != Path(__file__).name],
                         ids=lambda m: m.stem)
def test_each_module_lists_its_cases_with_their_promises(module):
    docstring = ast.get_docstring(ast.parse(module.read_text("utf-8"))) or ""
    assert "Each case, and the promise it checks" in docstring, module.name
    assert docstring.count("\n- ") >= 3, module.name
