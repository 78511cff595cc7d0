"""Explain broken YAML in plain words at the likely line, and read past a broken item to find every problem."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

ITEM = re.compile(r"^( *)- ")
MAX_REPAIRS = 50


@dataclass(frozen=True)
class SyntaxProblem:
    """A line (1-based, when known) and what is wrong with the YAML there, in plain words."""

    line: int | None
    message: str


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _text_indent(line: str) -> int:
    """Where the text of a line starts, after any '- ' list dashes."""
    rest = line.lstrip(" ")
    column = _indent(line)
    while rest.startswith("- "):
        stripped = rest[2:].lstrip(" ")
        column += len(rest) - len(stripped)
        rest = stripped
    return column


def _previous(lines: list[str], index: int) -> int | None:
    return next((i for i in range(index - 1, -1, -1) if _content(lines[i])), None)


def _levels_above(lines: list[str], index: int) -> list[int]:
    """The indentations a line may use at this point: the previous line's and those of its enclosing lines."""
    levels: set[int] = set()
    lowest = None
    for i in range(index - 1, -1, -1):
        if not _content(lines[i]):
            continue
        ind = _indent(lines[i])
        if lowest is None or ind < lowest or (ind == lowest and not levels):
            levels.update({ind, _text_indent(lines[i])})
            lowest = ind
        if ind == 0:
            break
    return sorted(levels)


def _misindented(lines: list[str], index: int) -> SyntaxProblem:
    """For 'expected <block end>': the line whose indentation is wrong (this one, or an over-indented one above)."""
    here = _indent(lines[index])
    prev = _previous(lines, index)
    if prev is not None:
        parent = next(
            (i for i in range(prev - 1, -1, -1) if _content(lines[i]) and _indent(lines[i]) < _indent(lines[prev])),
            None,
        )
        if parent is not None and lines[parent].rstrip().endswith(":"):
            step = _text_indent(lines[parent]) + 2
            if _indent(lines[prev]) > step and here == step:
                return SyntaxProblem(
                    prev + 1,
                    f"this line is indented by {_indent(lines[prev])} spaces, deeper than the lines that belong "
                    f"with it (line {index + 1} uses {here}); indent it by {here} spaces",
                )
    levels = [x for x in _levels_above(lines, index) if x != here]
    hint = " or ".join(str(x) for x in sorted(levels, key=lambda x: abs(x - here))[:2])
    return SyntaxProblem(
        index + 1,
        f"this line is indented by {here} spaces, which matches no field above it; "
        f"the fields of one item must start in the same column (probably {hint} spaces)",
    )


def explain(exc: yaml.YAMLError, lines: list[str]) -> SyntaxProblem:
    """A YAML error in plain words, at the line where the mistake most likely is."""
    if not isinstance(exc, yaml.MarkedYAMLError) or (exc.problem_mark or exc.context_mark) is None:
        return SyntaxProblem(None, str(exc))
    mark = exc.problem_mark or exc.context_mark
    assert mark is not None
    at = min(mark.line, len(lines) - 1) if lines else 0
    problem = (exc.problem or "").strip()
    opened = exc.context_mark.line + 1 if exc.context_mark else None
    if problem.startswith("expected <block end>"):
        return _misindented(lines, at)
    if "'\\t'" in problem:
        return SyntaxProblem(at + 1, "this line contains a tab; indent with spaces only")
    if problem == "mapping values are not allowed here":
        prev = _previous(lines, at)
        if (
            prev is not None
            and _indent(lines[at]) > _text_indent(lines[prev])
            and not lines[prev].rstrip().endswith(":")
        ):
            return SyntaxProblem(
                at + 1,
                f"this line is indented deeper than line {prev + 1}, which already has a value; "
                "line it up with the field above it",
            )
        return SyntaxProblem(at + 1, "a second ':' on this line; put the text in double quotes (\"...\")")
    if problem == "could not find expected ':'" and opened:
        return SyntaxProblem(opened, "a ':' is missing after the field name on this line (write 'field: value')")
    if "end of stream" in problem and exc.context and "quoted" in exc.context and opened:
        return SyntaxProblem(opened, "a quote opened on this line is never closed")
    if exc.context and "flow" in exc.context and opened:
        return SyntaxProblem(opened, "a [ ] or { } list opened on this line is not closed, or has a stray ':'")
    return SyntaxProblem(at + 1, problem or str(exc))


def _item_span(lines: list[str], first: int, last: int) -> tuple[int, int] | None:
    """The lines of the top-level list item(s) around lines first..last, or None outside any item."""
    starts = [i for i, line in enumerate(lines) if ITEM.match(line)]
    if not starts:
        return None
    depth = min(_indent(lines[i]) for i in starts)
    starts = [i for i in starts if _indent(lines[i]) == depth]
    before = [i for i in starts if i <= first]
    if not before:
        return None
    after = [i for i in starts if i > last]
    top = [i for i, line in enumerate(lines) if i > last and _content(line) and _indent(line) < depth]
    end = min([*after[:1], *top[:1], len(lines)])
    return before[-1], end


def read_tolerant(text: str) -> tuple[str | None, list[SyntaxProblem]]:
    """The text with every unreadable list item commented out (lines keep their numbers), and what was wrong.

    None instead of the text when the file cannot be read even so."""
    lines = text.splitlines()
    found: list[SyntaxProblem] = []
    for _ in range(MAX_REPAIRS):
        try:
            yaml.safe_load("\n".join(lines))
        except yaml.YAMLError as exc:
            problem = explain(exc, lines)
            found.append(problem)
            marks = [m.line for m in (getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)) if m]
            if problem.line:
                marks.append(problem.line - 1)
            span = _item_span(lines, min(marks), max(marks)) if marks else None
            if span is None or all(not _content(lines[i]) for i in range(*span)):
                return None, found
            lines[span[0] : span[1]] = ["#" + line for line in lines[span[0] : span[1]]]
            continue
        return ("\n".join(lines) + "\n" if found else text), found
    return None, found
