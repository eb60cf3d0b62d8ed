"""Fences around the Textual internals rung relies on, one module per internal.

Each module names the Textual version it was written against; ``tests/test_textual_internals.py``
fails with a clear message when an upgrade moves what a module reaches into.
"""
