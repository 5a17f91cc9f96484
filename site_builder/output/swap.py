"""One atomic step from the old output tree to the new one, and the removal of
what killed builds left beside it.

On Linux the staging folder and the output folder are exchanged with
``renameat2(RENAME_EXCHANGE)`` (called through ctypes on the C library): at every
instant ``build/`` is either the whole old tree or the whole new one. Where the
call is missing (another OS, an old C library, a file system that refuses the
flag), two renames are used: the old tree aside, the new one in; a build killed
between them leaves no ``build/``, and the next build puts the old tree back
before it starts.

Beside the output ``OUT`` a build keeps ``.OUT.staging-*`` (the tree being made,
and after the exchange the old tree being deleted), ``.OUT.old-*`` (the old tree,
fallback only) and ``.OUT.pagefind-*`` (Pagefind's scratch folder). The next
build, holding the site's lock (``lock.py``), removes any it finds.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path

#: tests kill the build at a named point of the commit with this variable
FAULT_ENV = "SITE_BUILDER_FAULT_AT"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
#: the kinds of folder a build keeps beside its output
LEFTOVER_KINDS = ("staging", "old", "pagefind")


def fault_point(name: str) -> None:
    """Die here, as ``kill -9`` would, when a test asks for it."""
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _load_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


_RENAMEAT2 = _load_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False when the system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # no such call, or not on this file system
        return False
    raise OSError(err, os.strerror(err), str(b))


def side_folder(out: Path, kind: str) -> Path:
    """A new, empty folder beside ``out`` (mode 0777 less the umask, like any folder)."""
    while True:
        path = out.parent / f".{out.name}.{kind}-{secrets.token_hex(6)}"
        try:
            os.mkdir(path)
            return path
        except FileExistsError:
            continue


def swap_in(staging: Path, out: Path) -> Path | None:
    """Make ``staging`` the output in one step; the folder that now holds the old tree
    (for the caller to delete), or None."""
    fault_point("before-swap")
    if not os.path.lexists(out):
        os.rename(staging, out)
        fault_point("after-swap")
        return None
    if exchange(staging, out):
        fault_point("after-swap")
        return staging
    old = out.parent / f".{out.name}.old-{secrets.token_hex(6)}"
    os.rename(out, old)
    fault_point("between-renames")
    os.rename(staging, out)
    fault_point("after-swap")
    return old


def remove_leftovers(out: Path, marker: str) -> None:
    """Delete what earlier builds of ``out`` left beside it; call with the site's lock held.
    An output lost between the fallback's two renames is put back first."""
    try:
        names = os.listdir(out.parent)
    except OSError:
        return
    # earlier versions named Pagefind's scratch folder ".pagefind-*", beside the output
    prefixes = (*(f".{out.name}.{kind}-" for kind in LEFTOVER_KINDS), ".pagefind-")
    found = sorted((out.parent / n for n in names if n.startswith(prefixes)), key=_mtime, reverse=True)
    if not os.path.lexists(out):
        for path in found:
            if path.name.startswith(f".{out.name}.old-") and (path / marker).is_file():
                with contextlib.suppress(OSError):
                    os.rename(path, out)
                    found.remove(path)
                    break
    for path in found:
        remove_tree(path)


def remove_tree(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        with contextlib.suppress(OSError):
            path.unlink()
        return
    shutil.rmtree(path, ignore_errors=True)


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return 0.0
