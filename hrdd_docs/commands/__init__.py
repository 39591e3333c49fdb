"""One module per ``hrdd`` command; each defines ``command``. See :mod:`hrdd_docs.cli`."""
