"""Capabilities of relbook as plain Python: one module each, no Qt."""
