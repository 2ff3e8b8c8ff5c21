"""Screening: candidate retrieval over the loaded names, scoring, qualifiers, explanation."""
