"""Batch screening: a whole customer or supplier table (CSV or .xlsx) screened row by row.

``reader`` streams a table in chunks (detecting encoding, delimiter and header), ``columns``
maps headers to query fields, ``screener`` screens with the one engine (optionally in forked
processes), ``pipeline`` ties them together in row order, ``export`` writes results,
``jobs``/``models``/``worker`` persist and run jobs, ``router`` is the ``/v1/batches`` API.
"""
