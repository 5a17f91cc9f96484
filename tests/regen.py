"""The golden site: the bundled site's whole output tree, kept in ``tests/golden/``.

    python -m tests.regen        # rebuild the bundled site and store its output

``tests/test_golden.py`` builds the site again and compares it with what is stored
here, file by file, so that any change in the output shows in review as a change of
``tests/golden/``. Run this after an intended change and commit the result with it.

Every file the build writes is listed in ``tests/golden/FILES``; every file is also
stored and compared byte for byte, except those of :data:`NAMES_ONLY`, whose names only
are compared (see there why).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
#: the stored output tree
TREE = GOLDEN / "site"
#: every output file's path, one a line, sorted
FILES = GOLDEN / "FILES"

#: Files compared by name only. Neither is made from the site: they are copied as they
#: are, so their bytes say nothing about the build and would only make the golden tree
#: large and noisy.
#: - ``theme/``: the repository's own ``theme/`` folder, copied file by file (reviewed
#:   where it lives);
#: - Pagefind's runtime (its JavaScript and WebAssembly), copied from the ``pagefind``
#:   package and changing with its version, not with our output. Pagefind's index
#:   files (``pagefind-entry.json``, ``*.pf_*``), made from our pages, are compared:
#:   the build re-sorts them so that they are byte-identical from run to run.
NAMES_ONLY = ("theme/", "pagefind/pagefind.js", "pagefind/pagefind-worker.js", "pagefind/wasm.")


def compared(rel: str) -> bool:
    """Whether the file's bytes are stored and compared (else its name only)."""
    return not rel.startswith(NAMES_ONLY)


def build_bundled_site(out: Path) -> None:
    """``python -m site_builder build --site . --out OUT``, as a user runs it."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    done = subprocess.run(
        [sys.executable, "-m", "site_builder", "build", "--site", str(REPO), "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the bundled site did not build (exit {done.returncode}):\n{done.stdout}{done.stderr}")


def output_files(root: Path) -> list[str]:
    """Every file under ``root``, as sorted POSIX paths relative to it."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def regenerate() -> list[str]:
    with tempfile.TemporaryDirectory(prefix="golden-") as scratch:
        out = Path(scratch) / "build"
        build_bundled_site(out)
        files = output_files(out)
        if TREE.exists():
            shutil.rmtree(TREE)
        for rel in files:
            if compared(rel):
                target = TREE / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(out / rel, target)
    FILES.write_text("".join(f"{rel}\n" for rel in files), encoding="utf-8")
    return files


def main() -> int:
    files = regenerate()
    stored = sum(1 for rel in files if compared(rel))
    print(f"{FILES.relative_to(REPO)}: {len(files)} files; {stored} stored in {TREE.relative_to(REPO)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
