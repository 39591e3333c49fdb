"""Packaged example project definitions (used by `hrdd init --example`)."""
