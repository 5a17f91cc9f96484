"""YAML that remembers where each key stands, for ``path:line`` messages.

Anchors and aliases (``&name``, ``*name``) are refused with their line: a site's
settings and a resolution's fields never need them, and nine levels of nine aliases
(a "billion laughs") expand to more than any machine holds. A key given twice in
one mapping is reported at its second line (YAML would silently keep the last).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """The safe loader, but dates stay text: front matter checks them itself,
    so that "2023-13-01" is reported as a bad date, not as broken YAML."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlError(Exception):
    """YAML that does not parse; ``line`` is 1-based within the YAML text."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    #: 1-based line of each key, by its path: ("bodies", "ga", "name") -> 12
    lines: dict[tuple[str, ...], int]
    #: (line, line of the first, dotted key) of each key given twice
    duplicates: tuple[tuple[int, int, str], ...] = ()

    def duplicate_problems(self, offset: int = 0) -> list[tuple[int, str]]:
        """(line, message) of each key given twice, at its second line; ``offset`` is
        added to every line (the YAML of front matter starts on line 2 of its file)."""
        return [
            (line + offset, f"duplicate key '{key}' (first on line {first + offset}): give each key once")
            for line, first, key in self.duplicates
        ]

    def line_of(self, *path: str) -> int:
        """The line of the deepest known key on ``path`` (1 when none is known)."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


_CBase: type[Any] | None = getattr(yaml, "CSafeLoader", None)
if _CBase is not None:

    class _CLoader(_CBase):  # type: ignore[misc, valid-type]
        """libyaml's parser with the same resolvers: one pass, about 20 times faster."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def load_yaml(text: str) -> YamlDocument:
    """Parse one YAML document with the safe loader, keeping key lines.

    libyaml (when PyYAML has it) composes and constructs in one pass; anything it
    does not accept is parsed again by the pure-Python loader, whose messages we report.
    """
    try:
        return _load_yaml(text)
    except RecursionError:
        raise YamlError(1, "YAML nested too deeply") from None


def _load_yaml(text: str) -> YamlDocument:
    if "&" in text or "*" in text:
        _refuse_aliases(text)
    if _CBase is not None:
        try:
            loader = _CLoader(text)
            try:
                node = loader.get_single_node()
                if node is None:
                    return YamlDocument(None, {})
                data = loader.construct_document(node)
            finally:
                loader.dispose()
        except Exception:  # the pure-Python loader below says what is wrong
            pass
        else:
            return _document(data, node)
    return _load_yaml_python(text)


def shown(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: text in double quotes, never more than about
    ``limit`` characters (a value may be a whole file's worth)."""
    if isinstance(value, str):
        return '"' + clip(value, limit) + '"'
    return clip(repr(value), limit)


def clip(text: str, limit: int = 60) -> str:
    """``text``, cut to about ``limit`` characters for a message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _refuse_aliases(text: str) -> None:
    """YamlError at the first anchor or alias (a text that does not parse is left to the loader)."""
    loader = (_CLoader if _CBase is not None else _Loader)(text)
    try:
        while (event := loader.get_event()) is not None:
            line = event.start_mark.line + 1 if event.start_mark is not None else 1
            if isinstance(event, yaml.AliasEvent):
                raise YamlError(
                    line,
                    f"YAML alias *{clip(event.anchor or '', 30)} is not allowed: write the value out",
                )
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise YamlError(
                    line,
                    f"YAML anchor &{clip(str(anchor), 30)} is not allowed: write each value out",
                )
            if isinstance(event, yaml.StreamEndEvent):
                break
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()


def _document(data: Any, node: yaml.Node) -> YamlDocument:
    lines: dict[tuple[str, ...], int] = {}
    duplicates: list[tuple[int, int, str]] = []
    try:
        _collect_lines(node, (), lines, duplicates)
    except RecursionError:
        raise YamlError(node.start_mark.line + 1, "YAML nested too deeply") from None
    return YamlDocument(data, lines, tuple(duplicates))


def _load_yaml_python(text: str) -> YamlDocument:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}, {problem}"
        raise YamlError(line, f"YAML does not parse: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"YAML does not parse: {exc}") from None
    if node is None:
        return YamlDocument(None, {})
    document = _document(None, node)
    try:
        data = _Loader(text).get_single_data()
    except yaml.MarkedYAMLError as exc:  # e.g. a bad timestamp or tag
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(mark.line + 1 if mark else 1, f"YAML does not parse: {exc.problem}") from None
    except (yaml.YAMLError, ValueError) as exc:
        raise YamlError(node.start_mark.line + 1, f"YAML does not parse: {exc}") from None
    return YamlDocument(data, document.lines, document.duplicates)


def _collect_lines(
    node: yaml.Node,
    path: tuple[str, ...],
    lines: dict[tuple[str, ...], int],
    duplicates: list[tuple[int, int, str]],
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[tuple[str, str], int] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_path = (*path, str(key_node.value))
                line = key_node.start_mark.line + 1
                identity = (key_node.tag, key_node.value)
                if identity in seen:
                    duplicates.append((line, seen[identity], clip(".".join(key_path))))
                else:
                    seen[identity] = line
                lines.setdefault(key_path, line)
                _collect_lines(value_node, key_path, lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_path = (*path, str(index))
            lines.setdefault(item_path, item.start_mark.line + 1)
            _collect_lines(item, item_path, lines, duplicates)
