"""Packaged templates: one folder per output document."""
