"""Packaged clause library: one file per clause, see README.md."""
