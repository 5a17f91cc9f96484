"""What the build cache holds, as the build sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

from site_builder.diagnostics import Diagnostic
from site_builder.lint import FileLint
from site_builder.model import FileStat, PageEntry, Rendered, Resolution


@dataclass(frozen=True, slots=True)
class ParseEntry:
    digest: str
    #: the parsed record with ``text=""``; the text is cut again from the file
    resolution: Resolution
    text_length: int
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class RenderEntry:
    digest: str
    #: (cited canonical symbol, its page folder in this site or None), sorted
    deps: tuple[tuple[str, str | None], ...]
    #: the rendering without HTML (``outline``)
    outline: Rendered
    #: the blob's key; also the rendering's fingerprint for page fingerprints
    key: str
    #: digests of its citations (less their lines) and of its anchors: what other pages show of it
    cites: str
    anchors: str


@dataclass(frozen=True, slots=True)
class Summary:
    """The last build's result, with the signature of every input it was made from."""

    signature: str
    counts: dict[str, int]
    diagnostics: tuple[Diagnostic, ...]


@dataclass(slots=True)
class State:
    config: str = ""
    parsed: dict[str, ParseEntry] = field(default_factory=dict)
    rendered: dict[str, RenderEntry] = field(default_factory=dict)
    out: str | None = None
    pages: dict[str, PageEntry] = field(default_factory=dict)
    summary: Summary | None = None
    #: by path (absolute): each content file's size, times and digest when last read
    files: dict[str, FileStat] = field(default_factory=dict)
    #: by content file: what the drafting checks found in it on its own
    lint: dict[str, FileLint] = field(default_factory=dict)
    #: the spare tree of the output (``output.spare``): its token and the files in which
    #: it may differ from ``pages``
    spare: tuple[str, frozenset[str]] | None = None
