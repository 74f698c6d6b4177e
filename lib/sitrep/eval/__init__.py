"""Evaluation harness: `python -m sitrep.eval` scores extraction and time normalization."""
