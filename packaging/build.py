"""Build the frozen, one-folder Panel Review for the platform this runs on.

    python packaging/build.py                 # build into dist/panel-review/
    python packaging/build.py --out DIR       # build into DIR/panel-review/
    python packaging/build.py --if-changed    # skip when DIR already holds this build

It runs PyInstaller on packaging/panel-review.spec with the Python that runs it
(install the ``build`` extra first: ``pip install -e ".[build]"``).  A build takes
minutes of CPU, so ``--if-changed`` keeps the last one when nothing it is made
from changed: the key is a hash of the app's sources, this folder, pyproject.toml
and the versions of Python and of every installed distribution.  Prints the path
of the program it built (or kept).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NAME = "panel-review"
# Beside the Linux program: the menu entry, its icon, the file types, and the script
# that installs them for the user (docs/packaging.md).
DESKTOP_FILES = ("panel-review.desktop", "panel-review.png", "panel-review-mime.xml",
                 "install-linux.sh")
SOURCES = ("main.py", "pyproject.toml", "review", "exports", "ui", "packaging")
STAMP = "build-key.txt"


def program(folder: Path) -> Path:
    """The console program inside a built one-folder app."""
    return folder / (f"{NAME}.exe" if sys.platform == "win32" else NAME)


def build_key() -> str:
    """What the build is made of: a change to any of it means a new build."""
    digest = hashlib.sha256()
    for name in SOURCES:
        top = ROOT / name
        files = [top] if top.is_file() else sorted(
            p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in files:
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
            digest.update(path.read_bytes())
    digest.update(f"{sys.version} {platform.platform()}".encode())
    for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()):
        digest.update(dist.encode() + b"\n")
    return digest.hexdigest()


def build(out: Path, if_changed: bool = False, quiet: bool = False) -> Path:
    out = out.resolve()
    folder, stamp = out / NAME, out / STAMP
    key = build_key()
    if if_changed and program(folder).is_file() and stamp.is_file() \
            and stamp.read_text().strip() == key:
        return program(folder)
    work = out / "work"
    # A half-written build must never look finished: the stamp goes first and last.
    stamp.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
           "--distpath", str(out), "--workpath", str(work),
           "--log-level", "WARN" if quiet else "INFO", str(HERE / f"{NAME}.spec")]
    subprocess.run(cmd, cwd=ROOT, check=True,
                   env={**os.environ, "PYTHONHASHSEED": "0"})  # reproducible bytecode
    shutil.rmtree(work, ignore_errors=True)
    if not program(folder).is_file():
        raise SystemExit(f"PyInstaller finished but {program(folder)} is missing.")
    if sys.platform.startswith("linux"):
        for name in DESKTOP_FILES:
            shutil.copy2(HERE / name, folder / name)
    stamp.write_text(key + "\n")
    return program(folder)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "dist"), metavar="DIR",
                        help="where the app folder goes (default: dist/)")
    parser.add_argument("--if-changed", action="store_true",
                        help="keep the build in DIR when nothing it is made from changed")
    parser.add_argument("--quiet", action="store_true", help="only PyInstaller's warnings")
    args = parser.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print('PyInstaller is not installed here: pip install -e ".[build]"', file=sys.stderr)
        return 2
    exe = build(Path(args.out), if_changed=args.if_changed, quiet=args.quiet)
    size = folder_size(exe.parent)
    print(f"{exe} ({size / 1e6:,.0f} MB in {exe.parent})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
