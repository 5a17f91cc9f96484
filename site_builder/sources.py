"""The input files of a site, found by one walk with one symbolic-link policy.

The build's scan of ``content/``, the theme copy and the live preview's watcher
all list a site's files here, and the import asks here where it may write, so that
they agree on what a site holds:

- a link is followed when its target is inside the site folder (or inside the
  walked folder itself, when that folder is a link the user made on purpose);
- a link pointing outside the site is skipped with a warning naming it, so that
  nothing outside the site is ever published;
- a folder link never loops: one whose target contains it (``content/a -> .``)
  or that reaches a folder already read is skipped with a warning;
- a broken link is a warning, never a silent skip;
- content files are matched by suffix whatever its case (``.md``, ``.MD``).

Real folders are read before any link is followed, so which path a file is
known by does not depend on the order of names.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: the suffixes of content files, compared in lower case
CONTENT_SUFFIXES = (".md", ".markdown")


def is_content(name: str) -> bool:
    return name.lower().endswith(CONTENT_SUFFIXES)


def hidden(name: str) -> bool:
    """Skipped under ``content/``: editor backups (``.x``) and drafts kept aside (``_x``)."""
    return name.startswith((".", "_"))


def dotted(name: str) -> bool:
    """Skipped in ``theme/`` and ``templates/``: hidden files."""
    return name.startswith(".")


@dataclass
class Found:
    """What a walk of one folder of the site found."""

    #: (path as walked, path relative to the folder in POSIX form, its stat), by relative path
    files: list[tuple[str, str, os.stat_result]] = field(default_factory=list)
    #: every folder read, as walked (a followed link by its own path)
    folders: list[str] = field(default_factory=list)
    #: (site-relative path, message): links skipped, folders that cannot be read
    problems: list[tuple[str, str]] = field(default_factory=list)


def _inside(real: str, bounds: Iterable[str]) -> bool:
    return any(real == b or real.startswith(b.rstrip(os.sep) + os.sep) for b in bounds)


def walk(
    site: Path,
    folder: str,
    *,
    want: Callable[[str], bool] = lambda name: True,
    skip: Callable[[str], bool] = hidden,
    anywhere: bool = False,
) -> Found:
    """Every file under ``site/folder`` whose name ``want`` accepts; names ``skip``
    accepts are not looked at. A missing folder gives nothing. With ``anywhere``, links
    out of the site are followed too (templates: Jinja reads them wherever they point)."""
    found = Found()
    base = os.path.join(str(site), folder)
    if not os.path.isdir(base):
        return found
    site_real = os.path.realpath(site)
    base_real = os.path.realpath(base)
    bounds = (site_real, base_real)
    visited: set[str] = set()
    #: folder links to follow once every real folder reached so far has been read
    links: list[tuple[str, tuple[str, ...], str]] = []
    files: list[tuple[tuple[str, ...], str, os.stat_result]] = []

    def shown(real: str) -> str:
        return os.path.relpath(real, site_real).replace(os.sep, "/") if _inside(real, (site_real,)) else real

    def read(path: str, parts: tuple[str, ...], real: str) -> None:
        visited.add(real)
        found.folders.append(path)
        rel_folder = "/".join((folder, *parts))
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            found.problems.append((rel_folder, f"cannot read this folder: {exc.strerror or exc}"))
            return
        for entry in entries:
            name = entry.name
            if skip(name):
                continue
            where = f"{rel_folder}/{name}"
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not os.path.exists(target):
                        found.problems.append((where, f"broken symbolic link (to {os.readlink(entry.path)}): skipped"))
                    elif not anywhere and not _inside(target, bounds):
                        found.problems.append(
                            (
                                where,
                                f"symbolic link to {target}, outside the site: skipped (links are "
                                "followed only within the site folder)",
                            )
                        )
                    elif os.path.isdir(target):
                        links.append((entry.path, (*parts, name), target))
                    elif want(name):
                        files.append(((*parts, name), entry.path, os.stat(entry.path)))
                elif entry.is_dir(follow_symlinks=False):
                    read(entry.path, (*parts, name), os.path.join(real, name))
                elif want(name) and entry.is_file(follow_symlinks=False):
                    files.append(((*parts, name), entry.path, entry.stat(follow_symlinks=False)))
            except OSError:  # removed while we looked
                continue

    read(base, (), base_real)
    while links:
        path, parts, target = links.pop(0)
        where = "/".join((folder, *parts))
        link_real = os.path.realpath(os.path.dirname(path))
        if _inside(link_real, (target,)):
            found.problems.append(
                (where, f"symbolic link to {shown(target)}, a folder that contains it: skipped (it would loop)")
            )
        elif _inside(target, visited):
            found.problems.append(
                (where, f"symbolic link to {shown(target)}, a folder already read: skipped (read once only)")
            )
        else:
            read(path, parts, target)
    files.sort(key=lambda item: item[0])
    found.files = [(path, "/".join(parts), st) for parts, path, st in files]
    return found


def leads_outside(site: Path, path: Path) -> str | None:
    """Why writing ``path`` would leave the site (a folder on its way is a link out of
    it), or None. The import writes nothing through such a link."""
    site_real = os.path.realpath(site)
    folder = path.parent
    while not folder.exists():
        if folder == site or folder == folder.parent:
            return None  # made new, inside the site
        folder = folder.parent
    real = os.path.realpath(folder)
    if _inside(real, (site_real,)):
        return None
    rel = os.path.relpath(folder, site).replace(os.sep, "/")
    return f"{rel} leads to {real}, outside the site: nothing is written through a symbolic link out of the site"


def content(site: Path) -> Found:
    """The content files of ``site`` (``content/``, Markdown only, hidden names skipped)."""
    return walk(site, "content", want=is_content)


def link_problems(site: Path) -> list[tuple[str, str]]:
    """The skipped links of the site's own templates and theme (an override that is a
    broken link would otherwise fall back to the shipped file in silence). Templates are
    code, read by Jinja wherever a link points: only their broken links are skipped."""
    return walk(site, "templates", skip=dotted, anywhere=True).problems + walk(site, "theme", skip=dotted).problems


#: a template's reference to a file of the theme: ``{{ root }}theme/style.css``
_THEME_REF = re.compile(r"""\btheme/([A-Za-z0-9_][A-Za-z0-9_./-]*\.[A-Za-z0-9]+)""")


def missing_theme_assets(site: Path, theme_files: Iterable[str]) -> list[tuple[str, int, str]]:
    """(template, line, message) for each reference in the site's own templates to a
    ``theme/`` file that neither the site's theme nor the shipped one has."""
    have = set(theme_files)
    missing: list[tuple[str, int, str]] = []
    for path, rel, _ in walk(site, "templates", skip=dotted, anywhere=True).files:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for m in _THEME_REF.finditer(line):
                if m.group(1) not in have:
                    missing.append(
                        (f"templates/{rel}", number, f"theme/{m.group(1)}: no such file in theme/ or the shipped theme")
                    )
    return missing
