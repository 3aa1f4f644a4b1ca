"""Child process for the kill trials (tests/hostile/test_kill_trials.py, bench/crash_trials.py).

``pair FOLDER``: writes the PDF and workbook pair of an export again and
again through the export's own write path, each file starting with its
generation, and prints ``W <generation>`` after each write returns.
``create WORKSPACE PASSPHRASE BUNDLE``: makes a workspace from a bundle and
prints ``DONE``.  Both print ``READY`` first, so the parent times its kill
from the start of the work, not of the interpreter.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PAD = b"\0" * (3 << 20)   # big enough that a kill often lands inside a write


def pair_files(folder: Path) -> tuple[Path, Path]:
    return folder / "export.pdf", folder / "export.xlsx"


def content(generation: int) -> bytes:
    return f"generation {generation:08d}\n".encode() + PAD


def generation_of(path: Path) -> int:
    with open(path, "rb") as f:
        return int(f.read(20).split()[1])


def write_pairs(folder: Path) -> None:
    from exports.service import write_all
    pdf, xlsx = pair_files(folder)
    print("READY", flush=True)
    generation = generation_of(pdf) + 1
    while True:
        write_all([(pdf, content(generation)), (xlsx, content(generation))])
        print(f"W {generation}", flush=True)
        generation += 1


def create(path: Path, passphrase: str, bundle: Path) -> None:
    from review.workspace.database import Workspace
    print("READY", flush=True)
    Workspace.create(path, passphrase, bundle).close()
    print("DONE", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "pair":
        write_pairs(Path(sys.argv[2]))
    else:
        create(Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
