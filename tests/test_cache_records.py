"""Every field of a resolution survives the build cache: a field the cache dropped would
show on a clean build and vanish from the pages of the next, incremental one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from site_builder.cache.codec import decode_resolution, encode_resolution
from site_builder.model import Resolution, Vote
from site_builder.numbering import parse_number


def test_a_resolution_with_every_field_set_comes_back_whole() -> None:
    number = parse_number("59/901")
    assert number is not None
    r = Resolution(
        path="content/ga/59/901.md",
        body="ga",
        number=number,
        document="A/RES/59/901",
        canonical="A/RES/59/901",
        title="A title",
        date=dt.date(2004, 12, 20),
        meeting=74,
        session="59",
        agenda_item="108",
        topics=("terrorism",),
        vote=Vote("adopted by a recorded vote", 150, 2, 3),
        partial=True,
        draft="A/59/L.1",
        report="A/59/500",
        example=True,
        editorial=(("para_2", "cut", "The source ends here."),),
        predecessor="A/RES/58/901",
        text="",
        text_line=14,
        digest="abc",
    )
    bare = Resolution(path="", body="", number=number, document="", canonical="", title="", date=r.date, meeting=None)
    same = [f.name for f in dataclasses.fields(r) if getattr(r, f.name) == getattr(bare, f.name)]
    assert same == ["number", "date", "text"]  # every other field is set, so a dropped one shows
    back = decode_resolution(json.loads(json.dumps(encode_resolution(r))), "")
    assert back == r
