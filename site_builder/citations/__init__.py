"""Citations between resolutions: recognising them in text (``recognise``)."""

from site_builder.citations.cited import CitedDocument, Match
from site_builder.citations.recognise import Recogniser

__all__ = ["CitedDocument", "Match", "Recogniser"]
