"""A drafting finding: where, which rule, why. The rules' only output."""

from __future__ import annotations

from dataclasses import dataclass

#: the rules, by the name used in messages, ``site.yaml`` and front matter
RULES: dict[str, str] = {
    "numbering": "operative paragraphs 1..N per section, subparagraph letters and roman items in sequence",
    "punctuation": "the formula, preambular and operative paragraphs and subparagraph lists end as drafted",
    "opening-words": "italic openings: a participle or adjective in the preamble, a verb in the operative part",
    "metadata": "front matter against the text: date and meeting, the session of the symbol, the body of the formula",
    "citations-in-time": "no citation of a resolution adopted later; no decision cited as a resolution",
    "footnotes": "footnote numbers never decrease or repeat within a resolution",
}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    rule: str
    message: str
    #: the paragraph's anchor, when the finding is about one
    eid: str | None = None

    def text(self) -> str:
        """``rule: message``, as a diagnostic's message."""
        return f"{self.rule}: {self.message}"
