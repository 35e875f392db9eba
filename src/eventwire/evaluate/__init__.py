"""Evaluation harness: score eventwire against gold data (``eventwire eval``)."""
