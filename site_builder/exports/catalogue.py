"""``data/resolutions.json``: the site's resolutions as data (documented in the README),
compact JSON written by ``json.dumps``, one resolution at a time: the file is the bytes
of ``json.dumps(catalogue(site))`` without the whole catalogue ever being held as JSON
values (at 40,000 resolutions those would be several times the file's 120 MB)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from site_builder.content import resolution_label
from site_builder.linking import LoadedSite
from site_builder.model import OutFile
from site_builder.series.site import series_fields
from site_builder.urls import page_dir

CATALOGUE_FILE = "data/resolutions.json"


def catalogue(site: LoadedSite) -> dict[str, Any]:
    """The catalogue as JSON values: the site, then each resolution in site order."""
    return {"site": _head(site), "resolutions": list(_items(site))}


def _head(site: LoadedSite) -> dict[str, Any]:
    return {"title": site.config.title, "language": site.config.language}


def _items(site: LoadedSite) -> Iterator[dict[str, Any]]:
    """Each resolution's entry, in site order, made when asked for."""
    config = site.config
    series = series_fields(site)
    for r in site.resolutions:
        outline = site.outlines[r.canonical]
        yield (
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


def catalogue_json(site: LoadedSite) -> str:
    return catalogue_bytes(site).decode("utf-8")


def catalogue_bytes(site: LoadedSite) -> bytes:
    """The file's bytes: ``json.dumps`` of each part (compact, so the parts' JSON joined
    is the whole's), each resolution's appended as soon as it is made, into one growing
    buffer whose bytes ``getvalue`` hands over without a copy: the file is held once."""
    head = _dumps({"site": _head(site), "resolutions": []})
    out = io.BytesIO()
    out.write(head[: -len("]}")].encode("utf-8"))
    for n, item in enumerate(_items(site)):
        if n:
            out.write(b",")
        out.write(_dumps(item).encode("utf-8"))
    out.write(b"]}\n")
    return out.getvalue()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def catalogue_files(site: LoadedSite) -> list[OutFile]:
    keys = site.keys
    # every field, citation and anchor of every resolution
    depends = tuple(keys.meta[c] + keys.cites[c] + keys.anchors[c] for c in (r.canonical for r in site.resolutions))
    return [OutFile(CATALOGUE_FILE, lambda: catalogue_bytes(site), depends)]
