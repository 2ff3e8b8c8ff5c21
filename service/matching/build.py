"""How the scorer runs: compiled with mypyc (see setup.py) or from its Python source.

A compiled module keeps running the code it was built from, so an edited source file
needs a rebuild (``pip install -e .``); ``scorer_build`` reports such stale modules.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

#: The modules setup.py compiles (in service/matching).
COMPILED_MODULES = ("similarity", "align", "rules", "compare", "explain")
_HERE = Path(__file__).resolve().parent


def _built_digests() -> dict[str, str]:
    try:
        return json.loads((_HERE / "_compiled.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def scorer_build() -> dict[str, object]:
    """``{"compiled": [...], "stale": [...]}``: the scorer modules loaded as compiled
    extensions, and those whose source changed since they were compiled."""
    digests = _built_digests()
    compiled, stale = [], []
    for name in COMPILED_MODULES:
        module = sys.modules.get(f"service.matching.{name}")
        path = Path(getattr(module, "__file__", "") or "")
        if path.suffix not in (".so", ".pyd"):
            continue
        compiled.append(name)
        source = _HERE / f"{name}.py"
        if source.exists():
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
            if digest != digests.get(name):
                stale.append(name)
    return {"compiled": compiled, "stale": stale}


def describe(info: dict[str, object] | None = None) -> str:
    """One line for logs and benchmarks (``info``: a ``scorer_build()`` already taken)."""
    info = info or scorer_build()
    if not info["compiled"]:
        return "scorer: Python source"
    text = f"scorer: compiled with mypyc ({', '.join(info['compiled'])})"
    if info["stale"]:
        text += (
            f"; STALE, source changed since the build: {', '.join(info['stale'])}"
            " (run `pip install -e .` again)"
        )
    return text
