"""Telegram's text formatting: TDLib's HTML, MarkdownV2 and Markdown parsers, ported to Python.

The parsers follow td/telegram/MessageEntity.cpp closely, so the stand-in accepts and rejects
exactly what Telegram does and answers with TDLib's wording. Error offsets are byte offsets
into the UTF-8 text (as Telegram reports them); entity offsets and lengths are UTF-16 code
units (as in the Bot API).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

Entity = dict[str, Any]

_LT, _GT, _AMP, _SLASH, _BACKSLASH = ord("<"), ord(">"), ord("&"), ord("/"), ord("\\")
_LF, _CR, _BACKTICK = ord("\n"), ord("\r"), ord("`")
_SPACES = frozenset(b" \t\r\n\0\v\f")  # td::is_space; NUL ends a C string
_HTML_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins",
        "tg-spoiler", "tg-emoji", "span", "pre", "code", "blockquote",
    }
)  # fmt: skip
_BOT_API_TYPES = {
    "Bold": "bold",
    "Italic": "italic",
    "Underline": "underline",
    "Strikethrough": "strikethrough",
    "Spoiler": "spoiler",
    "Code": "code",
    "Pre": "pre",
    "PreCode": "pre",
    "TextUrl": "text_link",
    "MentionName": "text_mention",
    "CustomEmoji": "custom_emoji",
    "BlockQuote": "blockquote",
    "ExpandableBlockQuote": "expandable_blockquote",
}
_PRIORITY = {
    "Bold": 90, "Italic": 91, "Underline": 92, "Strikethrough": 93, "Spoiler": 94, "Code": 20,
    "Pre": 11, "PreCode": 10, "TextUrl": 49, "MentionName": 49, "CustomEmoji": 99,
    "BlockQuote": 0, "ExpandableBlockQuote": 0,
}  # fmt: skip
_BOT_COMMAND = re.compile(r"(?<![\w/<>])/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?(?![\w/<>])")


class EntityParseError(ValueError):
    """Text that Telegram cannot parse; the message is TDLib's, Telegram prefixes "can't parse entities: "."""


@dataclass
class _Entity:
    type: str  # TDLib's name of the entity type
    offset: int
    length: int
    argument: str = ""


@dataclass
class _Open:
    type: str  # an HTML tag name, or a TDLib entity type for Markdown
    argument: str
    utf16_offset: int
    byte_offset: int
    result_pos: int


class _Bytes:
    """UTF-8 text that reads as NUL past its end, like the C strings TDLib parses."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")
        self.size = len(self.data)

    def __getitem__(self, index: int) -> int:
        return self.data[index] if index < self.size else 0


def utf16_len(text: str) -> int:
    """The length of a text in UTF-16 code units, the unit of Telegram's limits and offsets."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _is_space(c: int) -> bool:
    return c in _SPACES


def _is_alpha(c: int) -> bool:
    return 65 <= c <= 90 or 97 <= c <= 122


def _is_digit(c: int) -> bool:
    return 48 <= c <= 57


def _is_hex(c: int) -> bool:
    return _is_digit(c) or 65 <= c <= 70 or 97 <= c <= 102


def _utf16_units(c: int) -> int:
    """UTF-16 units added by a UTF-8 byte: 0 for continuation bytes, 2 for a 4-byte lead."""
    if c & 0xC0 == 0x80:
        return 0
    return 2 if c >= 0xF0 else 1


def _decode(raw: bytes | bytearray) -> str:
    return bytes(raw).decode("utf-8", "replace")


def checked_link(url: str) -> str:
    """TDLib's get_checked_link, simplified: the normalised URL, or "" if Telegram drops the link."""
    url = url.strip()
    if not url or any(ch.isspace() for ch in url):
        return ""
    lowered = url.lower()
    if lowered.startswith(("tg:", "ton:")):
        return url if url.split(":", 1)[1].strip("/") else ""
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, parts.fragment))


def link_user_id(url: str) -> int | None:
    """The user id of a tg://user?id=... link (a text mention), or None."""
    match = re.fullmatch(r"tg://user\?id=(\d{1,19})", url.strip(), re.IGNORECASE)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def _custom_emoji_id(url: str) -> str:
    match = re.fullmatch(r"tg://emoji\?id=(\d{1,19})", url.strip(), re.IGNORECASE)
    if not match or int(match.group(1)) == 0:
        raise EntityParseError("Invalid custom emoji identifier specified")
    return match.group(1)


def _to_bot_api(entities: list[_Entity]) -> list[Entity]:
    entities.sort(key=lambda e: (e.offset, -e.length, _PRIORITY[e.type]))
    result: list[Entity] = []
    for entity in entities:
        out: Entity = {"type": _BOT_API_TYPES[entity.type], "offset": entity.offset, "length": entity.length}
        if entity.type == "PreCode":
            out["language"] = entity.argument
        elif entity.type == "TextUrl":
            out["url"] = entity.argument
        elif entity.type == "MentionName":
            out["user"] = {"id": int(entity.argument), "is_bot": False, "first_name": ""}
        elif entity.type == "CustomEmoji":
            out["custom_emoji_id"] = entity.argument
        result.append(out)
    return result


def _link_entity(url: str, offset: int, length: int) -> _Entity | None:
    user_id = link_user_id(url)
    if user_id is not None:
        return _Entity("MentionName", offset, length, str(user_id))
    checked = checked_link(url)
    return _Entity("TextUrl", offset, length, checked) if checked else None


def _decode_html_entity(src: _Bytes, pos: int) -> tuple[int, int]:
    """TDLib's decode_html_entity: the code point at src[pos] == '&' (0 if none) and the next position."""
    end = pos + 1
    code = 0
    if src[pos + 1] == ord("#"):
        end += 1
        if src[pos + 2] == ord("x"):
            end += 1
            while _is_hex(src[end]):
                code = code * 16 + int(chr(src[end]), 16)
                end += 1
        else:
            while _is_digit(src[end]):
                code = code * 10 + src[end] - 48
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while _is_alpha(src[end]):
            end += 1
        named = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}.get(src.data[pos + 1 : end])
        if named is None:
            return 0, pos
        code = ord(named)
    if src[end] == ord(";"):
        end += 1
    return code, end


def parse_html(text: str, *, strict_ampersand: bool = True) -> tuple[str, list[Entity]]:
    """Parse Telegram's HTML subset like TDLib's parse_html; returns the plain text and its entities.

    With ``strict_ampersand`` a bare '&' that starts no entity is refused (Telegram keeps it
    literally); it nearly always means text that was not passed through html.escape.
    """
    src = _Bytes(text)
    out = bytearray()
    entities: list[_Entity] = []
    stack: list[_Open] = []
    utf16 = 0
    need_recheck_utf8 = False
    i = 0
    while i < src.size:
        c = src[i]
        if c == _AMP:
            code, end = _decode_html_entity(src, i)
            if code:
                utf16 += 2 if code > 0xFFFF else 1
                need_recheck_utf8 |= 0xD800 <= code <= 0xDFFF
                out += chr(code).encode("utf-8", "surrogatepass")
                i = end
                continue
            if strict_ampersand:
                raise EntityParseError(
                    f"Character '&' at byte offset {i} must be escaped as &amp; (stand-in rule: "
                    "Telegram itself would keep it literally)"
                )
        if c != _LT:
            utf16 += _utf16_units(c)
            out.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if src[i] != _SLASH:
            while not _is_space(src[i]) and src[i] != _GT:
                i += 1
            if src[i] == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            tag = _decode(src.data[begin + 1 : i].lower())
            if tag not in _HTML_TAGS:
                raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = ""
            while src[i] != _GT:
                while src[i] != 0 and _is_space(src[i]):
                    i += 1
                if src[i] == _GT:
                    break
                name_begin = i
                while not _is_space(src[i]) and src[i] not in b"=>/\"'":
                    i += 1
                name = src.data[name_begin:i]
                if not name:
                    raise EntityParseError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
                while src[i] != 0 and _is_space(src[i]):
                    i += 1
                if src[i] != ord("="):
                    if src[i] == 0:
                        raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                    if tag == "blockquote" and name == b"expandable":
                        argument = "1"
                    continue
                i += 1
                while src[i] != 0 and _is_space(src[i]):
                    i += 1
                if src[i] == 0:
                    raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                value = bytearray()
                if src[i] not in b"'\"":
                    token_begin = i
                    while _is_alpha(src[i]) or _is_digit(src[i]) or src[i] in b".-":
                        i += 1
                    value += src.data[token_begin:i].lower()
                    if not _is_space(src[i]) and src[i] != _GT:
                        raise EntityParseError(f"Unexpected end of name token at byte offset {token_begin}")
                else:
                    quote = src[i]
                    i += 1
                    while src[i] != quote and src[i] != 0:
                        if src[i] == _AMP:
                            code, end = _decode_html_entity(src, i)
                            if code:
                                value += chr(code).encode("utf-8", "surrogatepass")
                                i = end
                                continue
                        value.append(src[i])
                        i += 1
                    if src[i] == quote:
                        i += 1
                if src[i] == 0:
                    raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
                attribute = _decode(value)
                if tag == "a" and name == b"href":
                    argument = attribute
                elif tag == "code" and name == b"class" and attribute.startswith("language-"):
                    argument = attribute[9:]
                elif tag == "span" and name == b"class" and attribute.startswith("tg-"):
                    argument = attribute[3:]
                elif tag == "tg-emoji" and name == b"emoji-id":
                    argument = attribute
                elif tag == "blockquote" and name == b"expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
            stack.append(_Open(tag, argument, utf16, begin, len(out)))
        else:
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
            while not _is_space(src[i]) and src[i] != _GT:
                i += 1
            end_tag = _decode(src.data[begin + 2 : i].lower())
            while _is_space(src[i]) and src[i] != 0:
                i += 1
            if src[i] != _GT:
                raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
            top = stack[-1]
            if end_tag and end_tag != top.type:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {begin}, expected "</{top.type}>", found "</{end_tag}>"'
                )
            if utf16 > top.utf16_offset:
                _close_html_tag(top, utf16, entities, out)
            stack.pop()
        i += 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].type}"')
    for entity in entities:
        if entity.type == "Code":
            entity.argument = ""
    try:
        plain = bytes(out).decode("utf-8")
    except UnicodeDecodeError:
        need_recheck_utf8 = True
        plain = ""
    if need_recheck_utf8:
        raise EntityParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    return plain, _to_bot_api(entities)


def _close_html_tag(top: _Open, utf16: int, entities: list[_Entity], out: bytearray) -> None:
    offset, length, tag = top.utf16_offset, utf16 - top.utf16_offset, top.type
    simple = {
        "i": "Italic", "em": "Italic", "b": "Bold", "strong": "Bold", "s": "Strikethrough",
        "strike": "Strikethrough", "del": "Strikethrough", "u": "Underline", "ins": "Underline",
        "tg-spoiler": "Spoiler", "span": "Spoiler",
    }  # fmt: skip
    last = entities[-1] if entities else None
    same_span = last is not None and last.offset == offset and last.length == length
    if tag in simple:
        entities.append(_Entity(simple[tag], offset, length))
    elif tag == "tg-emoji":
        if not top.argument.isdigit() or int(top.argument) == 0 or int(top.argument) >= 2**63:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append(_Entity("CustomEmoji", offset, length, str(int(top.argument))))
    elif tag == "a":
        url = top.argument or _decode(out[top.result_pos :])
        link = _link_entity(url, offset, length)
        if link is not None:
            entities.append(link)
    elif tag == "pre":
        if last is not None and same_span and last.type == "Code" and last.argument:
            last.type = "PreCode"
        else:
            entities.append(_Entity("Pre", offset, length))
    elif tag == "code":
        if last is not None and same_span and last.type == "Pre" and top.argument:
            last.type = "PreCode"
            last.argument = top.argument
        else:
            entities.append(_Entity("Code", offset, length, top.argument))
    else:  # blockquote
        entities.append(_Entity("ExpandableBlockQuote" if top.argument else "BlockQuote", offset, length))


def _reserved(char: int) -> EntityParseError:
    return EntityParseError(f"Character '{chr(char)}' is reserved and must be escaped with the preceding '\\'")


def _read_md_url(src: _Bytes, i: int) -> tuple[str, int, bool]:
    """Read a MarkdownV2 "(url)" body starting at i; returns the URL, the index of ')' and whether found."""
    url = bytearray()
    while i < src.size and src[i] != ord(")"):
        if src[i] == _BACKSLASH and 0 < src[i + 1] <= 126:
            url.append(src[i + 1])
            i += 2
            continue
        url.append(src[i])
        i += 1
    return _decode(url), i, src[i] == ord(")")


def _is_md_end(src: _Bytes, i: int, top: str, have_blockquote: bool) -> bool:
    c = src[i]
    if have_blockquote and c == _LF and (i + 1 == src.size or src[i + 1] != _GT):
        return True
    return {
        "Bold": c == ord("*"),
        "Italic": c == ord("_") and src[i + 1] != ord("_"),
        "Code": c == _BACKTICK,
        "Pre": c == _BACKTICK and src[i + 1] == _BACKTICK and src[i + 2] == _BACKTICK,
        "PreCode": c == _BACKTICK and src[i + 1] == _BACKTICK and src[i + 2] == _BACKTICK,
        "TextUrl": c == ord("]"),
        "Underline": c == ord("_") and src[i + 1] == ord("_"),
        "Strikethrough": c == ord("~"),
        "Spoiler": c == ord("|") and src[i + 1] == ord("|"),
        "CustomEmoji": c == ord("]"),
        "BlockQuote": False,
    }[top]


def parse_markdown_v2(text: str) -> tuple[str, list[Entity]]:
    """Parse MarkdownV2 like TDLib's parse_markdown_v2; returns the plain text and its entities."""
    src = _Bytes(text)
    out = bytearray()
    entities: list[_Entity] = []
    stack: list[_Open] = []
    utf16 = 0
    have_blockquote = False
    can_start_blockquote = True
    i = 0
    while i < src.size:
        c = src[i]
        if c == _BACKSLASH and 0 < src[i + 1] <= 126:
            i += 1
            utf16 += 1
            out.append(src[i])
            if src[i] != _CR:
                can_start_blockquote = src[i] == _LF
            i += 1
            continue
        reserved = b"_*[]()~`>#+-=|{}.!\n"
        if stack and stack[-1].type in ("Code", "Pre", "PreCode"):
            reserved = b"`"
        if c not in reserved:
            units = _utf16_units(c)
            utf16 += units
            if units and c != _CR:
                can_start_blockquote = False
            out.append(c)
            i += 1
            continue

        if not stack or not _is_md_end(src, i, stack[-1].type, have_blockquote):
            kind: str | None
            argument = ""
            byte_offset = i
            if c == ord("_"):
                kind = "Italic"
                if src[i + 1] == ord("_"):
                    kind = "Underline"
                    i += 1
            elif c == ord("*"):
                kind = "Bold"
            elif c == ord("~"):
                kind = "Strikethrough"
            elif c == ord("|"):
                if src[i + 1] != ord("|"):
                    raise _reserved(c)
                i += 1
                kind = "Spoiler"
            elif c == ord("["):
                kind = "TextUrl"
            elif c == _BACKTICK:
                kind = "Code"
                if src[i + 1] == _BACKTICK and src[i + 2] == _BACKTICK:
                    i += 3
                    kind = "Pre"
                    language_end = i
                    while not _is_space(src[language_end]) and src[language_end] != _BACKTICK:
                        language_end += 1
                    if i != language_end and language_end < src.size and src[language_end] != _BACKTICK:
                        kind = "PreCode"
                        argument = _decode(src.data[i:language_end])
                        i = language_end
                    if src[i] in (_LF, _CR):
                        if src[i + 1] in (_LF, _CR) and src[i] != src[i + 1]:
                            i += 2
                        else:
                            i += 1
                    i -= 1
            elif c == ord("!"):
                if src[i + 1] != ord("["):
                    raise _reserved(c)
                i += 1
                kind = "CustomEmoji"
            elif c == _LF:
                utf16 += 1
                out.append(_LF)
                can_start_blockquote = True
                kind = None
            elif c == _GT:
                if not can_start_blockquote:
                    raise _reserved(c)
                kind = None
                if not have_blockquote:
                    kind = "BlockQuote"
                    have_blockquote = True
            else:
                raise _reserved(c)
            if kind is not None:
                stack.append(_Open(kind, argument, utf16, byte_offset, len(out)))
            i += 1
            continue

        kind = stack[-1].type
        if c == _LF and kind != "BlockQuote":
            top = stack[-1]
            closes_spoiler = top.byte_offset == i - 2 or (top.byte_offset == i - 3 and out[-1:] == b"\r")
            if kind != "Spoiler" or not closes_spoiler:
                raise EntityParseError(f"Can't find end of {kind} entity at byte offset {top.byte_offset}")
            stack.pop()
            kind = stack[-1].type
            if kind != "BlockQuote":
                raise EntityParseError(f"Can't find end of {kind} entity at byte offset {stack[-1].byte_offset}")
            kind = "ExpandableBlockQuote"
        top = stack[-1]
        argument = top.argument
        skip = utf16 == top.utf16_offset
        if kind in ("Underline", "Spoiler"):
            i += 1
        elif kind in ("Pre", "PreCode"):
            i += 2
        elif kind == "TextUrl":
            if src[i + 1] != ord("("):
                url = _decode(out[top.result_pos :])
            else:
                url_begin = i + 2
                url, i, found = _read_md_url(src, url_begin)
                if not found:
                    raise EntityParseError(f"Can't find end of a URL at byte offset {url_begin}")
            user_id = link_user_id(url)
            if user_id is not None:
                kind, argument = "MentionName", str(user_id)
            else:
                argument = checked_link(url)
                skip = skip or not argument
        elif kind == "CustomEmoji":
            if src[i + 1] != ord("("):
                raise EntityParseError("Custom emoji entity must contain a tg://emoji URL")
            url_begin = i + 2
            url, i, found = _read_md_url(src, url_begin)
            if not found:
                raise EntityParseError(f"Can't find end of a custom emoji URL at byte offset {url_begin}")
            argument = _custom_emoji_id(url)
        elif kind in ("BlockQuote", "ExpandableBlockQuote"):
            have_blockquote = False
            out.append(src[i])
            can_start_blockquote = True
            utf16 += 1
            skip = False
        if not skip:
            entities.append(_Entity(kind, top.utf16_offset, utf16 - top.utf16_offset, argument))
        stack.pop()
        i += 1

    if have_blockquote:
        kind = "BlockQuote"
        if stack[-1].type == "Spoiler" and stack[-1].byte_offset == src.size - 2:
            stack.pop()
            kind = "ExpandableBlockQuote"
        if stack[-1].type == "BlockQuote":
            top = stack.pop()
            if utf16 != top.utf16_offset:
                entities.append(_Entity(kind, top.utf16_offset, utf16 - top.utf16_offset))
    if stack:
        raise EntityParseError(f"Can't find end of {stack[-1].type} entity at byte offset {stack[-1].byte_offset}")
    return _decode(out), _to_bot_api(entities)


def parse_markdown(text: str) -> tuple[str, list[Entity]]:
    """Parse legacy Markdown like TDLib's parse_markdown; returns the plain text and its entities."""
    src = _Bytes(text)
    out = bytearray()
    entities: list[_Entity] = []
    utf16 = 0
    i = 0
    while i < src.size:
        c = src[i]
        if c == _BACKSLASH and src[i + 1] in b"_*`[":
            out.append(src[i + 1])
            utf16 += 1
            i += 2
            continue
        if c not in b"_*`[":
            utf16 += _utf16_units(c)
            out.append(c)
            i += 1
            continue
        begin = i
        end_char = ord("]") if c == ord("[") else c
        is_pre = False
        language = ""
        i += 1
        if c == _BACKTICK and src[i] == _BACKTICK and src[i + 1] == _BACKTICK:
            i += 2
            is_pre = True
            language_end = i
            while not _is_space(src[language_end]) and src[language_end] != _BACKTICK:
                language_end += 1
            if i != language_end and language_end < src.size and src[language_end] != _BACKTICK:
                language = _decode(src.data[i:language_end])
                i = language_end
            if src[i] in (_LF, _CR):
                i += 2 if src[i + 1] in (_LF, _CR) and src[i] != src[i + 1] else 1
        entity_offset = utf16
        while i < src.size and (
            src[i] != end_char or (is_pre and not (src[i + 1] == _BACKTICK and src[i + 2] == _BACKTICK))
        ):
            utf16 += _utf16_units(src[i])
            out.append(src[i])
            i += 1
        if i == src.size:
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {begin}")
        if entity_offset != utf16:
            length = utf16 - entity_offset
            if c == ord("_"):
                entities.append(_Entity("Italic", entity_offset, length))
            elif c == ord("*"):
                entities.append(_Entity("Bold", entity_offset, length))
            elif c == ord("["):
                if src[i + 1] != ord("("):
                    url = _decode(src.data[begin + 1 : i])
                else:
                    i += 2
                    url_start = i
                    while i < src.size and src[i] != ord(")"):
                        i += 1
                    url = _decode(src.data[url_start:i])
                link = _link_entity(url, entity_offset, length)
                if link is not None:
                    entities.append(link)
            elif is_pre:
                entities.append(_Entity("PreCode" if language else "Pre", entity_offset, length, language))
            else:
                entities.append(_Entity("Code", entity_offset, length))
        if is_pre:
            i += 2
        i += 1
    return _decode(out), _to_bot_api(entities)


def parse_text(text: str, parse_mode: str, *, strict_ampersand: bool = True) -> tuple[str, list[Entity]]:
    """Parse a text with a Bot API parse_mode ("" = plain); raises EntityParseError or ValueError."""
    mode = parse_mode.lower()
    if mode == "":
        return text, []
    if mode == "html":
        return parse_html(text, strict_ampersand=strict_ampersand)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    raise ValueError("unsupported parse_mode")


def trim_formatted(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Strip leading and trailing whitespace like Telegram, moving and clipping the entities."""
    left_stripped = text.lstrip()
    shift = utf16_len(text) - utf16_len(left_stripped)
    result = left_stripped.rstrip()
    total = utf16_len(result)
    kept: list[Entity] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return result, kept


def bot_command_entities(text: str) -> list[Entity]:
    """The bot_command entities Telegram's clients attach to a text like "/start" or "/help@bot"."""
    result: list[Entity] = []
    for match in _BOT_COMMAND.finditer(text):
        offset = utf16_len(text[: match.start()])
        result.append({"type": "bot_command", "offset": offset, "length": utf16_len(match.group(0))})
    return result
