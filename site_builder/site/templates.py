"""The Jinja environment: a site's own templates first, then the shipped ones.

Autoescape is on and undefined variables are errors (StrictUndefined), so a
template typo fails the build with the template's file and line. Every way a
template can fail (a syntax error, an exception while it renders, an include of
itself, bytes that are not UTF-8) reaches the user as ``path:line: message``
(``render_template``), never as an internal error: templates are the site's code.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from site_builder.model import Resolution
from site_builder.numbering import ordinal

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def default_dir(name: str) -> Path:
    """``templates`` or ``theme`` as shipped: inside the wheel, or the repository's
    own folders when running from a checkout or an editable install."""
    packaged = PACKAGE_DIR / "defaults" / name
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / name


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process (the live preview builds
    again and again): Jinja stores each by its name and file and uses it only while
    the checksum of the template's source is the same, so an edited template is
    compiled again. Every environment is made here with the same options."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


try:  # MarkupSafe's escaping of a plain string, without making a Markup of it
    from markupsafe._speedups import _escape_inner as _escape_text
except ImportError:  # pragma: no cover - MarkupSafe without its C extension

    def _escape_text(text: str, /) -> str:
        return str(escape(text))


class _OutputCodeGenerator(CodeGenerator):
    """Jinja's compiler, printing each value of an escaped template through
    ``Environment.output`` instead of ``escape(environment.finalize(value))``; any
    other template (not escaped, or ``{% autoescape %}`` blocks) as Jinja does."""

    def _fused(self, frame: Frame, finalize: Any) -> bool:
        escaped = bool(frame.eval_ctx.autoescape) and not frame.eval_ctx.volatile
        return escaped and finalize.src == "environment.finalize("

    #: the printed ``{{ "a" if test else "b" }}`` being written (``_choice``), if any
    _choice: jinja2.nodes.CondExpr | None = None

    def _output_child_pre(self, node: jinja2.nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._fused(frame, finalize):
            if _choice_texts(node) is not None:
                self._choice = cast(jinja2.nodes.CondExpr, node)
            else:
                self.write("environment.output(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: jinja2.nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._fused(frame, finalize):
            if node is not self._choice:
                self.write(")")
            self._choice = None
        else:
            super()._output_child_post(node, frame, finalize)

    def visit_CondExpr(self, node: jinja2.nodes.CondExpr, frame: Frame) -> None:
        """A printed choice between two strings (``class="{{ 'a' if x else 'b' }}"``,
        ``time{{ "s" if n != 1 }}``) as the choice between the two escaped strings: what
        ``output`` would make of either (a missing ``else`` prints nothing), without a
        call per value printed."""
        # (the test may hold choices of its own, not printed)
        texts = _choice_texts(node) if node is self._choice else None
        if texts is None:
            super().visit_CondExpr(node, frame)
            return
        self.write(f"({_escape_text(texts[0])!r} if ")
        self.visit(node.test, frame.soft())
        self.write(f" else {_escape_text(texts[1])!r})")


def _choice_texts(node: jinja2.nodes.Node) -> tuple[str, str] | None:
    """The two strings of ``"a" if test else "b"`` ("" for no ``else``), or None for any
    other expression."""
    if not isinstance(node, jinja2.nodes.CondExpr):
        return None
    first, second = node.expr1, node.expr2
    if not (isinstance(first, jinja2.nodes.Const) and type(first.value) is str):
        return None
    if second is None:
        return first.value, ""
    if isinstance(second, jinja2.nodes.Const) and type(second.value) is str:
        return first.value, second.value
    return None


class Environment(jinja2.Environment):
    """Jinja's environment, noting whether a template read a resolution's text: a page
    rendered without reading it does not depend on it (the build then makes the page
    again only when something else it shows changed). Every way a template reaches a
    field goes through ``getattr`` or ``getitem`` (``r.text``, ``r["text"]``,
    ``attr``, ``map(attribute=...)``, ``sort``, ``groupby``), and a resolution's
    ``repr`` leaves the text out; printing an object that is not a plain value counts
    as reading everything."""

    read_text = False
    code_generator_class = _OutputCodeGenerator

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Jinja's own lookup, inlined: every ``a.b`` of every page comes here
        if type(obj) is Resolution and _reads_text(attribute):
            self.read_text = True
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(obj) is Resolution and _reads_text(argument):
            self.read_text = True
        return super().getitem(obj, argument)

    def output(self, value: Any) -> str:
        """``{{ value }}`` in an escaped template: ``finalize`` then ``escape`` in one call
        (``_OutputCodeGenerator``), the same text, with no ``Markup`` made for a plain
        string or number (a page prints some 800 values)."""
        cls = value.__class__
        if cls is str:
            return _escape_text(value)
        if cls is int or cls is Markup:
            return str(value)
        if cls is jinja2.Undefined:  # a false ``{{ "s" if n != 1 }}``
            return ""
        if cls not in _PLAIN_TYPES and not isinstance(value, _PLAIN):  # (Markup is a str)
            self.read_text = True
        return escape(value)


def _reads_text(name: object) -> bool:
    """A field that changes with the text, or a way around fields (``__getstate__``)."""
    return not isinstance(name, str) or name in Resolution.TEXT_FIELDS or name.startswith("_")


_PLAIN = (str, int, float, type(None))
#: the same, for the quick test of a value's own class (most values printed are these),
#: and Jinja's plain ``Undefined``: what ``{{ "s" if n != 1 }}`` prints ("") when false
#: (a missing variable is a ``StrictUndefined``, an error)
_PLAIN_TYPES = frozenset((*_PLAIN, jinja2.Undefined))


class _Loader(jinja2.FileSystemLoader):
    """A folder of templates; a template that is not UTF-8 is a syntax error at its line."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            for base in self.searchpath:
                path = Path(base, *split_template_path(template))
                if path.is_file():
                    data = path.read_bytes()
                    line = data[: exc.start].count(b"\n") + 1
                    message = f"not UTF-8 text (byte 0x{data[exc.start]:02x}): save the template as UTF-8"
                    raise jinja2.TemplateSyntaxError(message, line, template, str(path)) from None
            raise


def make_environment(site_templates: Path) -> Environment:
    loaders: list[jinja2.BaseLoader] = []
    if site_templates.is_dir():
        loaders.append(_Loader(str(site_templates)))
    loaders.append(_Loader(str(default_dir("templates"))))
    env = Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # one environment per build: a template never changes during it, so it is not
        # checked on disk again each time a page asks for it
        auto_reload=False,
        # and kept in a plain dict (Jinja's default is an LRU cache with a lock, looked up
        # on every include, import and extends of every page)
        cache_size=-1,
        bytecode_cache=_BYTECODE,
    )

    def finalize(value: Any) -> Any:
        if value.__class__ not in _PLAIN_TYPES and not isinstance(value, _PLAIN):  # (Markup is a str)
            env.read_text = True
        return value

    env.finalize = finalize
    env.filters["longdate"] = long_date
    env.filters["ordinal"] = ordinal
    return env


def long_date(value: object) -> str:
    """2003-07-22 -> "22 July 2003", as resolutions print dates."""
    if isinstance(value, dt.date):
        return f"{value.day} {value.strftime('%B')} {value.year}"
    return str(value)


def template_location(filename: str | None, line: int, site_templates: Path) -> tuple[str, int]:
    """(path, line) of a template error, as the user should look for it."""
    path = Path(filename or "templates")
    for base in (site_templates, default_dir("templates")):
        try:
            return (str(path.resolve().relative_to(base.resolve().parent)), line)
        except ValueError:
            continue
    return (str(path), line)


class TemplateFailure(Exception):
    """A template that could not render, where the user should look and why."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def render_template(env: jinja2.Environment, name: str, context: Mapping[str, Any], site_templates: Path) -> str:
    """``name`` rendered with ``context``; raises TemplateFailure for any error of the template's."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        path, line = template_location(exc.filename or exc.name, exc.lineno, site_templates)
        raise TemplateFailure(path, line, f"template error: {exc.message or exc}") from None
    except RecursionError as exc:
        raise _recursion(exc, site_templates) from None
    except jinja2.TemplateError as exc:
        path, line = _traceback_location(exc, site_templates)
        raise TemplateFailure(path, line, f"template error: {exc.message or exc}") from None
    except Exception as exc:  # an expression of the template raised: {{ 1 // 0 }}, a bad filter argument
        path, line = _traceback_location(exc, site_templates)
        raise TemplateFailure(path, line, f"template error: {type(exc).__name__}: {exc}") from None


def _template_lines(exc: BaseException) -> list[tuple[str, int]]:
    """The template lines of a render-time error's traceback, outermost first: Jinja
    rewrites the traceback so that template frames carry the template's file and line."""
    return [
        (frame.filename, frame.lineno or 0)
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.endswith((".html", ".xml", ".txt"))
    ]


def _traceback_location(exc: BaseException, site_templates: Path) -> tuple[str, int]:
    """The innermost template line of a render-time error."""
    lines = _template_lines(exc)
    return template_location(*lines[-1], site_templates) if lines else ("templates", 0)


def _recursion(exc: RecursionError, site_templates: Path) -> TemplateFailure:
    """Templates that include or extend each other without end: the cycle, reported at
    the line that closes it (the same however deep the stack went)."""
    lines = [template_location(name, line, site_templates) for name, line in _template_lines(exc)]
    for i, place in enumerate(lines):
        if place in lines[i + 1 :]:
            cycle = lines[i : lines.index(place, i + 1) + 1]
            steps = " -> ".join(f"{Path(name).name}:{line}" for name, line in cycle)
            path, line = cycle[-2]
            return TemplateFailure(
                path, line, f"template error: templates include or extend each other without end ({steps})"
            )
    path, line = lines[-1] if lines else ("templates", 0)
    return TemplateFailure(path, line, "template error: too deeply nested (recursion)")
