"""Plain-words problems in knowledge files, with file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one knowledge file."""

    file: str
    line: int | None
    field: str
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        """Order problems by file, then line."""
        return (self.file, self.line or 0, self.field, self.message)

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}, field {self.field or '(top)'}: {self.message}" if self.field else f"{where}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge base has problems; nothing from it may be imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


Loc = tuple[str | int, ...]


def field_name(loc: Loc) -> str:
    """Render a location path as services[3].location.district."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class SourceFile:
    """A YAML file read once: its data and the line of every node, for error messages."""

    def __init__(self, path: Path, root: Path, text: str | None = None) -> None:
        self.path = path
        try:
            self.name = str(path.relative_to(root.parent))
        except ValueError:
            self.name = str(path)
        self.text = path.read_text(encoding="utf-8") if text is None else text
        self.node: yaml.Node | None = yaml.compose(self.text, Loader=yaml.SafeLoader)
        self.data: object = yaml.safe_load(self.text)

    def line_of(self, loc: Loc) -> int | None:
        """The 1-based line of the node at a path such as ('services', 3, 'location')."""
        node = self.node
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                nxt = next((v for k, v in node.value if getattr(k, "value", None) == str(part)), None)
                key = next((k for k, _ in node.value if getattr(k, "value", None) == str(part)), None)
                if key is not None:
                    line = key.start_mark.line + 1
                node = nxt
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def problem(self, loc: Loc, message: str) -> Problem:
        """A problem at a path in this file."""
        return Problem(self.name, self.line_of(loc), field_name(loc), message)
