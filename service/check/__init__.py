"""``sanctions-screen check``: screen files in CI, resolve reviewed alerts with an allow-list.

- :mod:`service.check.inputs`: CSV, JSON lines and plain-text readers (rows keep their line).
- :mod:`service.check.allowlist`: the allow-list file, record hashes, expiry.
- :mod:`service.check.runner`: screening every row and applying the allow-list.
- :mod:`service.check.junit`, :mod:`service.check.sarif`, :mod:`service.check.markdown`: reports.
"""

from service.check.allowlist import (
    AllowEntry,
    AllowList,
    AllowListError,
    Status,
    load_allowlist,
    record_hash,
)
from service.check.inputs import CheckInputError, InputFile, Row, read_input
from service.check.runner import CheckReport, run_check

__all__ = [
    "AllowEntry",
    "AllowList",
    "AllowListError",
    "CheckInputError",
    "CheckReport",
    "InputFile",
    "Row",
    "Status",
    "load_allowlist",
    "read_input",
    "record_hash",
    "run_check",
]
