"""Renderers: one module per kind of output document."""
