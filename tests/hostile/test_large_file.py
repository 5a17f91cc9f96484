"""A very large content file builds: every step is linear in the size of the file.

A 10 MB resolution of 85,000 operative paragraphs, each citing a resolution of the
site (some with a pinpoint it does not have): the citing page lists the document it
cites once, with every citing paragraph; the cited page lists every citing place;
every problem is reported with its line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builder.build import build_site

PARAGRAPHS = 85_000

SMALL = """---
symbol: 57/173
body: ga
title: A small resolution
date: 2002-12-18
meeting: 77
---

*The General Assembly*,

1. *Decides* to remain seized of the matter;

2. *Requests* a report.
"""

LARGE_HEAD = """---
symbol: 58/1
body: ga
title: A very large resolution
date: 2003-12-18
meeting: 80
---

*The General Assembly*,

"""


def _large() -> str:
    parts = [LARGE_HEAD]
    for n in range(1, PARAGRAPHS + 1):
        pinpoint = "paragraph 9 of " if n % 1000 == 0 else ""  # 57/173 has no paragraph 9
        parts.append(
            f"{n}. *Requests* the Secretary-General to report on the implementation of {pinpoint}"
            "resolution 57/173 of 18 December 2002 and of the present text;\n\n"
        )
    return "".join(parts)


@pytest.mark.slow
def test_a_ten_megabyte_file_builds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content" / "ga").mkdir(parents=True)
    (site / "site.yaml").write_text("title: Large\n", encoding="utf-8")
    (site / "content" / "ga" / "57-173.md").write_text(SMALL, encoding="utf-8")
    text = _large()
    assert len(text.encode("utf-8")) > 10_000_000
    (site / "content" / "ga" / "58-1.md").write_text(text, encoding="utf-8")

    result = build_site(site)

    assert result.resolutions == 2
    warnings = [d for d in result.diagnostics if "has no para 9" in d.message]
    assert len(warnings) == PARAGRAPHS // 1000
    assert all(d.path == "content/ga/58-1.md" and d.line > 0 and d.context for d in warnings)
    large = (site / "build" / "ga" / "58-1" / "index.html").read_text(encoding="utf-8")
    assert f'id="para_{PARAGRAPHS}"' in large
    # "Cites": the one cited resolution, once, with every citing paragraph ("paragraphs 1, 2, ...")
    assert len(re.findall(r'<a href="#para_(\d+)">\1</a>', large)) == PARAGRAPHS
    assert large.count('href="../57-173/index.html#para_9"') == PARAGRAPHS // 1000
    # "Cited by": every citing place
    cited = (site / "build" / "ga" / "57-173" / "index.html").read_text(encoding="utf-8")
    assert cited.count('href="../58-1/index.html#para_') == PARAGRAPHS
    assert f'#para_{PARAGRAPHS}">{PARAGRAPHS}</a>' in cited
