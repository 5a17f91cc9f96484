"""YAML that remembers where each key stands, for ``path:line`` messages."""

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
            lines: dict[tuple[str, ...], int] = {}
            _collect_lines(node, (), lines)
            return YamlDocument(data, lines)
    return _load_yaml_python(text)


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
    lines: dict[tuple[str, ...], int] = {}
    _collect_lines(node, (), lines)
    try:
        data = _Loader(text).get_single_data()
    except yaml.MarkedYAMLError as exc:  # e.g. a bad timestamp or tag
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(mark.line + 1 if mark else 1, f"YAML does not parse: {exc.problem}") from None
    except (yaml.YAMLError, ValueError) as exc:
        raise YamlError(node.start_mark.line + 1, f"YAML does not parse: {exc}") from None
    return YamlDocument(data, lines)


def _collect_lines(node: yaml.Node, path: tuple[str, ...], lines: dict[tuple[str, ...], int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_path = (*path, str(key_node.value))
                lines.setdefault(key_path, key_node.start_mark.line + 1)
                _collect_lines(value_node, key_path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_path = (*path, str(index))
            lines.setdefault(item_path, item.start_mark.line + 1)
            _collect_lines(item, item_path, lines)
