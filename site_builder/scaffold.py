"""``site-builder new DIR``: a site folder with its configuration and one example."""

from __future__ import annotations

from pathlib import Path

SITE_YAML = """\
# Site configuration: see the README of site_builder for every key.
title: My resolutions
language: en
# base_url: https://example.org/resolutions/   # for the sitemap and canonical links
# document_url: https://undocs.org/{symbol}    # where citations outside the site point
"""

EXAMPLE = """\
---
symbol: 57/173
body: ga
title: Example resolution
date: 2002-12-18
meeting: 77
session: 57
---

*The General Assembly*,

*Recalling* its resolution 56/123 of 19 December 2001,[^1]

1. *Takes note* of the report of the Secretary-General;

2. *Requests* the Secretary-General:

   (a) To continue to provide support;

   (b) To report to the General Assembly at its fifty-eighth session.

*77th plenary meeting  
18 December 2002*

[^1]: See also Security Council resolution 1373 (2001).
"""


#: what a build writes into the site folder: never committed. (The cache is also
#: never trusted from elsewhere; a site folder is code all the same: see the README.)
GITIGNORE = """\
# written by site-builder: the output and the build cache
build/
.site-builder-cache/
"""


class ScaffoldError(Exception):
    pass


def make_site(target: Path) -> list[Path]:
    if target.exists() and any(target.iterdir()):
        raise ScaffoldError(f"{target} exists and is not empty; choose a new folder")
    files = {
        target / "site.yaml": SITE_YAML,
        target / ".gitignore": GITIGNORE,
        target / "content" / "ga" / "57" / "57-173.md": EXAMPLE,
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (target / "templates").mkdir(exist_ok=True)
    (target / "theme").mkdir(exist_ok=True)
    return sorted(files)
