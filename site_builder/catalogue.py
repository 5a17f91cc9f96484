"""``data/resolutions.json``: the site's resolutions as data (documented in the README).

Written directly as text, byte for byte what ``json.dumps(..., indent=1)`` would
write, because the standard encoder with an indent is pure Python and slow.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from site_builder.cache import LightMap
from site_builder.links import RawPlace, page_dir
from site_builder.loaded import LoadedSite
from site_builder.pages import resolution_label
from site_builder.series.site import series_fields


def catalogue(site: LoadedSite) -> dict[str, Any]:
    """``data/resolutions.json``: the site's resolutions as data (see the README)."""
    items = []
    rendered_map = site.light if site.light is not None else site.rendered
    packed = rendered_map.packed if isinstance(rendered_map, LightMap) else None
    raw_incoming = getattr(site.graph.incoming, "raw", None)
    series = series_fields(site)
    for r in site.resolutions:
        if packed is not None:
            _, labels, cited, _, eids = packed[r.canonical]
            paragraphs = list(eids)
            footnotes = list(labels)
            citations = [
                {
                    "symbol": target,
                    "kind": kind,
                    "text": text,
                    "pinpoint": pinpoint,
                    "from_paragraph": from_paragraph,
                    "internal": internal,
                }
                for target, kind, text, pinpoint, from_paragraph, _, internal in cited
            ]
        else:
            rendered = rendered_map[r.canonical]
            paragraphs = [p.eid for p in rendered.paragraphs]
            footnotes = list(rendered.footnote_labels)
            citations = [
                {
                    "symbol": c.target,
                    "kind": c.kind,
                    "text": c.text,
                    "pinpoint": c.pinpoint,
                    "from_paragraph": c.from_paragraph,
                    "internal": c.internal,
                }
                for c in rendered.citations
            ]
        if raw_incoming is not None:
            cited_by = [
                {"symbol": p[0].canonical, "from_paragraph": p[1], "pinpoint": p[2]}
                for p in raw_incoming.get(r.canonical, ())
            ]
        else:
            cited_by = [
                {"symbol": p.resolution.canonical, "from_paragraph": p.paragraph, "pinpoint": p.pinpoint}
                for p in site.graph.incoming.get(r.canonical, ())
            ]
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
                "official_url": site.config.document_link(r.canonical),
                "label": resolution_label(r, site.config.bodies),
                "paragraphs": paragraphs,
                "footnotes": footnotes,
                "citations": citations,
                "cited_by": cited_by,
                **series[r.canonical],
            }
        )
    return {"site": {"title": site.config.title, "language": site.config.language}, "resolutions": items}


def catalogue_json(site: LoadedSite) -> str:
    """``data/resolutions.json``: the bytes of ``json.dumps(catalogue(site), ensure_ascii=False,
    indent=1)``, written directly from the packed renderings (the standard encoder is pure
    Python when it indents, and 5 to 10 times slower)."""
    packed = site.light.packed if isinstance(site.light, LightMap) else None
    raw_incoming = getattr(site.graph.incoming, "raw", None)
    if packed is None or raw_incoming is None:
        return json.dumps(catalogue(site), ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    config = site.config
    enc = _json_str
    bodies = config.bodies
    head = (
        '{\n "site": {\n  "title": '
        + _json_value(config.title)
        + ',\n  "language": '
        + _json_value(config.language)
        + '\n },\n "resolutions": '
    )
    if not site.resolutions:
        return head + "[]\n}\n"
    items = []
    empty: tuple[RawPlace, ...] = ()
    series = series_fields(site)
    for r in site.resolutions:
        _, labels, cited, _, eids = packed[r.canonical]
        if cited:
            citations = (
                "[\n"
                + ",\n".join(
                    [
                        f'    {{\n     "symbol": {enc(target)},\n     "kind": {enc(kind)},\n'
                        f'     "text": {enc(text)},\n     "pinpoint": {_json_value(pinpoint)},\n'
                        f'     "from_paragraph": {_json_value(from_paragraph)},\n'
                        f'     "internal": {"true" if internal else "false"}\n    }}'
                        for target, kind, text, pinpoint, from_paragraph, _, internal in cited
                    ]
                )
                + "\n   ]"
            )
        else:
            citations = "[]"
        places = raw_incoming.get(r.canonical, empty)
        if places:
            cited_by = (
                "[\n"
                + ",\n".join(
                    [
                        f'    {{\n     "symbol": {enc(p[0].canonical)},\n     "from_paragraph": '
                        f'{_json_value(p[1])},\n     "pinpoint": {_json_value(p[2])}\n    }}'
                        for p in places
                    ]
                )
                + "\n   ]"
            )
        else:
            cited_by = "[]"
        items.append(
            f'  {{\n   "symbol": {enc(r.symbol)},\n   "document": {enc(r.document)},\n'
            f'   "canonical": {enc(r.canonical)},\n   "body": {enc(r.body)},\n   "title": {enc(r.title)},\n'
            f'   "date": "{r.date.isoformat()}",\n   "meeting": {_json_value(r.meeting)},\n'
            f'   "session": {_json_value(r.session)},\n   "agenda_item": {_json_value(r.agenda_item)},\n'
            f'   "topics": {_json_strings(r.topics, "    ")},\n'
            f'   "vote": {"null" if r.vote is None else _json_value(r.vote.text)},\n'
            f'   "partial": {_json_value(r.partial)},\n   "draft": {_json_value(r.draft)},\n'
            f'   "report": {_json_value(r.report)},\n   "url": {enc(page_dir(r))},\n'
            f'   "official_url": {enc(config.document_link(r.canonical))},\n'
            f'   "label": {enc(resolution_label(r, bodies))},\n'
            f'   "paragraphs": {_json_strings(eids, "    ")},\n'
            f'   "footnotes": {_json_strings(labels, "    ")},\n'
            f'   "citations": {citations},\n   "cited_by": {cited_by},\n' + _series_json(series[r.canonical]) + "\n  }"
        )
    return head + "[\n" + ",\n".join(items) + "\n ]\n}\n"


#: ``json``'s own string encoder (its C version when there is one), as ``ensure_ascii=False`` uses it
_json_str: Callable[[str], str] = json.encoder.encode_basestring


def _series_json(fields: dict[str, Any]) -> str:
    """``predecessor``, ``successor`` and ``series`` as ``json.dumps(indent=1)`` writes them in an item."""
    series = fields["series"]
    if series is None:
        written = "null"
    else:
        members = _json_strings(series["members"], "     ")
        written = f'{{\n    "id": {_json_str(series["id"])},\n    "members": {members}\n   }}'
    return (
        f'   "predecessor": {_json_value(fields["predecessor"])},\n'
        f'   "successor": {_json_value(fields["successor"])},\n   "series": {written}'
    )


def _json_value(value: object) -> str:
    """A value as ``json.dumps`` writes it (anything but a string, number, bool or None
    is not expected here, and goes to ``json`` itself)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _json_str(value)
    if type(value) is int:  # (a subclass of int goes to json itself)
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def _json_strings(values: Iterable[str], pad: str) -> str:
    """A list of strings as ``json.dumps(indent=1)`` writes it, its items indented by ``pad``."""
    parts = [_json_value(v) for v in values]
    if not parts:
        return "[]"
    return "[\n" + pad + (",\n" + pad).join(parts) + "\n" + pad[:-1] + "]"
