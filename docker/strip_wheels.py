"""Strip debug symbols from the C extensions inside wheels, in place (run on the host).

Many manylinux wheels ship unstripped extension modules (uvloop's alone carries 12 MB of
symbols). ``strip --strip-unneeded`` keeps the dynamic symbol table Python imports through. A
module that auditwheel rewired to vendored libraries (an RPATH/RUNPATH, a ``*.libs`` folder) is
left alone, because strip can corrupt files patched by patchelf. RECORD is rewritten with the
new hashes and sizes. Needs binutils (``strip``, ``readelf``): without them, nothing changes.

    python docker/strip_wheels.py DIR_OR_WHEEL...
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def _patched(path: Path) -> bool:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return "RPATH" in out or "RUNPATH" in out


def _strip(data: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "module.so"
        path.write_bytes(data)
        if _patched(path):
            return data
        done = subprocess.run(["strip", "--strip-unneeded", str(path)], capture_output=True)
        return path.read_bytes() if done.returncode == 0 else data


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def strip_wheel(wheel: Path) -> int:
    """Strip the wheel's eligible extension modules; the bytes saved."""
    with zipfile.ZipFile(wheel) as src:
        infos = src.infolist()
        members = {info.filename: src.read(info) for info in infos}
    saved = 0
    for name, data in members.items():
        if name.endswith(".so") or ".so." in name.rsplit("/", 1)[-1]:
            if ".libs/" in name:
                continue
            new = _strip(data)
            saved += len(data) - len(new)
            members[name] = new
    if not saved:
        return 0
    record = next(n for n in members if n.endswith(".dist-info/RECORD"))
    lines = [_record_line(n, members[n]) if n != record else f"{record},," for n in members]
    members[record] = ("\n".join(lines) + "\n").encode()
    tmp = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info in infos:
            out.writestr(info, members[info.filename])
    tmp.replace(wheel)
    return saved


def main(args: list[str]) -> int:
    if not (shutil.which("strip") and shutil.which("readelf")):
        print("strip_wheels: binutils not found, wheels left as they are", file=sys.stderr)
        return 0
    wheels = [
        w for a in args for w in (sorted(Path(a).glob("*.whl")) if Path(a).is_dir() else [Path(a)])
    ]
    total = sum(strip_wheel(w) for w in wheels)
    print(
        f"strip_wheels: {total / 1e6:.1f} MB of symbols stripped from {len(wheels)} wheels",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
