"""What the build cache holds, as the build sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

from site_builder.cache.codec import decode_detail, encode_detail
from site_builder.diagnostics import Diagnostic
from site_builder.lint import FileLint
from site_builder.model import Citation, FileStat, PageEntry, Rendered, Resolution


@dataclass(frozen=True, slots=True)
class ParseEntry:
    digest: str
    #: the parsed record with ``text=""``; the text is cut again from the file
    resolution: Resolution
    text_length: int
    diagnostics: tuple[Diagnostic, ...]
    #: ``keys.meta_key`` of the resolution: what other pages may show of it
    meta: str


class RenderEntry:
    """What the cache keeps of one resolution's rendering. Its citations and problems
    (every build needs them of every resolution) are read with the record; the rest of
    its outline (paragraphs, footnote labels) only when ``outline`` is first asked for,
    which a one-file edit does for a few resolutions only."""

    __slots__ = ("_detail", "_outline", "anchors", "citations", "cites", "deps", "digest", "key", "problems")

    def __init__(
        self,
        digest: str,
        deps: tuple[tuple[str, str | None], ...],
        outline: Rendered | None,
        key: str,
        cites: str,
        anchors: str,
        *,
        detail: tuple[tuple[Citation, ...], tuple[tuple[int, str, bool], ...], str] | None = None,
    ) -> None:
        self.digest = digest
        #: (cited canonical symbol, its page folder in this site or None), sorted
        self.deps = deps
        #: the blob's key; also the rendering's fingerprint for page fingerprints
        self.key = key
        #: digests of its citations (less their lines) and of its anchors: what other pages show of it
        self.cites, self.anchors = cites, anchors
        self._outline = outline
        if outline is not None:
            self.citations, self.problems, self._detail = outline.citations, outline.problems, ""
        else:
            assert detail is not None
            self.citations, self.problems, self._detail = detail

    @property
    def outline(self) -> Rendered:
        """The rendering without HTML (``keys.outline``); ValueError when the stored
        record does not decode."""
        if self._outline is None:
            self._outline = decode_detail(self._detail, self.citations, self.problems)
        return self._outline

    @property
    def detail(self) -> str:
        """The outline but for its citations and problems, as the cache stores it."""
        return self._detail or encode_detail(self.outline)


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
