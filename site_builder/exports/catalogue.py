"""``data/resolutions.json``: the site's resolutions as data (documented in the README),
compact JSON written by ``json.dumps``."""

from __future__ import annotations

import json
from typing import Any

from site_builder.content import resolution_label
from site_builder.linking import LoadedSite
from site_builder.model import OutFile
from site_builder.series.site import series_fields
from site_builder.urls import page_dir

CATALOGUE_FILE = "data/resolutions.json"


def catalogue(site: LoadedSite) -> dict[str, Any]:
    """The catalogue as JSON values: the site, then each resolution in site order."""
    items = []
    config = site.config
    series = series_fields(site)
    for r in site.resolutions:
        outline = site.outlines[r.canonical]
        items.append(
            {
                "symbol": r.symbol,
                "document": r.document,
                "canonical": r.canonical,
                "body": r.body,
                "title": r.title,
                "date": r.date.isoformat(),
                "meeting": r.meeting,
                "session": r.session,
                "agenda_item": r.agenda_item,
                "topics": list(r.topics),
                "vote": None if r.vote is None else r.vote.text,
                "partial": r.partial,
                "draft": r.draft,
                "report": r.report,
                "url": page_dir(r),
                "official_url": config.document_link(r.canonical),
                "label": resolution_label(r, config.bodies),
                "paragraphs": [p.eid for p in outline.paragraphs],
                "footnotes": list(outline.footnote_labels),
                "citations": [
                    {
                        "symbol": c.target,
                        "kind": c.kind,
                        "text": c.text,
                        "pinpoint": c.pinpoint,
                        "from_paragraph": c.from_paragraph,
                        "internal": c.internal,
                    }
                    for c in outline.citations
                ],
                "cited_by": [
                    {"symbol": p.resolution.canonical, "from_paragraph": p.paragraph, "pinpoint": p.pinpoint}
                    for p in site.graph.incoming.get(r.canonical, ())
                ],
                **series[r.canonical],
            }
        )
    return {"site": {"title": config.title, "language": config.language}, "resolutions": items}


def catalogue_json(site: LoadedSite) -> str:
    return json.dumps(catalogue(site), ensure_ascii=False, separators=(",", ":")) + "\n"


def catalogue_files(site: LoadedSite) -> list[OutFile]:
    keys = site.keys
    # every field, citation and anchor of every resolution
    depends = tuple(keys.meta[c] + keys.cites[c] + keys.anchors[c] for c in (r.canonical for r in site.resolutions))
    return [OutFile(CATALOGUE_FILE, lambda: catalogue_json(site), depends)]
