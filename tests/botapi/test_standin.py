"""The stand-in enforces Telegram's rules over plain HTTP, and PTB works against it unchanged."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from .client import RawClient, Reply
from .html_rules import parse_html, parse_markdown, parse_markdown_v2
from .standin import BotAPIStandIn

USER = 1001
GROUP = -100
SUPERGROUP = -1001234567890
KEYBOARD = {"inline_keyboard": [[{"text": "Ja", "callback_data": "yes"}, {"text": "Nee", "callback_data": "no"}]]}


def inline(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


async def send(tg: RawClient, text: str = "Hallo", chat_id: int = USER, **params: Any) -> Reply:
    return await tg.call("sendMessage", chat_id=chat_id, text=text, **params)


# -- tokens, methods, decoding -------------------------------------------------------------------


async def test_get_me_is_case_insensitive_and_accepts_get(api: BotAPIStandIn, tg: RawClient) -> None:
    me = (await tg.call("GETME")).result
    assert me["is_bot"] is True
    assert me["id"] == 123456
    assert me["username"] == "buurtwijzer_test_bot"
    assert (await tg.call_get("getMe")).result == me
    assert [call.method for call in api.calls] == ["getMe", "getMe"]


async def test_wrong_token_is_401_and_malformed_token_404(tg: RawClient) -> None:
    wrong = await tg.call("getMe", token="123456:WRONG")
    assert (wrong.status, wrong.body) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    malformed = await tg.call("getMe", token="not-a-token")
    assert (malformed.status, malformed.description) == (404, "Not Found")


async def test_unknown_method_and_path_are_404(api: BotAPIStandIn, tg: RawClient) -> None:
    reply = await tg.call("sendTelepathy", chat_id=USER)
    assert (reply.status, reply.description) == (404, "Not Found")
    async with tg.session.get(f"http://127.0.0.1:{api.port}/") as response:
        assert response.status == 404
        assert (await response.json())["description"] == "Not Found"


async def test_real_methods_the_stand_in_lacks_are_501_not_404(tg: RawClient) -> None:
    reply = await tg.call("sendAudio", chat_id=USER, audio="file-id")
    assert reply.status == 501
    assert reply.description == "Not Implemented: the stand-in has no sendAudio yet; add it in tests/botapi"


async def test_form_json_get_and_multipart_decode_alike(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    form = await tg.call("sendMessage", chat_id=str(USER), text="123", reply_markup=KEYBOARD)
    assert form.result["text"] == "123"
    assert form.result["reply_markup"] == KEYBOARD
    as_json = await tg.call_json("sendMessage", chat_id=USER, text="true", reply_markup=KEYBOARD)
    assert as_json.result["text"] == "true"
    assert as_json.result["reply_markup"] == KEYBOARD
    as_get = await tg.call_get("sendMessage", chat_id=str(USER), text="null")
    assert as_get.result["text"] == "null"
    multipart = await tg.call_multipart("sendMessage", chat_id=str(USER), text="via multipart")
    assert multipart.result["text"] == "via multipart"
    first = api.calls_to("sendMessage")[0]
    assert first.params == {"chat_id": USER, "text": "123", "reply_markup": KEYBOARD}
    assert first.ok and first.result["message_id"] == 2


async def test_reply_markup_that_is_not_json_is_refused(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    reply = await tg.call("sendMessage", chat_id=USER, text="x", reply_markup="{not json")
    assert reply.description == "Bad Request: can't parse reply keyboard markup JSON object"


# -- chats -----------------------------------------------------------------------------------------


async def test_unknown_chat_and_missing_chat_id(tg: RawClient) -> None:
    assert (await send(tg, chat_id=999)).description == "Bad Request: chat not found"
    assert (await tg.call("sendMessage", text="x")).description == "Bad Request: chat_id is empty"


async def test_messages_are_realistic_and_ids_increase_per_chat(api: BotAPIStandIn, tg: RawClient) -> None:
    incoming = api.private_message(USER, "hoi", first_name="Aylin", username="aylin")["message"]
    api.group_message(GROUP, "hallo groep")
    first = (await send(tg, "een")).result
    second = (await send(tg, "twee")).result
    in_group = (await send(tg, "groep", chat_id=GROUP)).result
    assert incoming["message_id"] == 1
    assert [first["message_id"], second["message_id"], in_group["message_id"]] == [2, 3, 2]
    assert first["from"] == {"id": 123456, "is_bot": True, "first_name": "Buurtwijzer (test)",
                             "username": "buurtwijzer_test_bot"}  # fmt: skip
    assert first["chat"] == {"id": USER, "type": "private", "first_name": "Aylin", "username": "aylin"}
    assert in_group["chat"]["type"] == "group"
    assert abs(first["date"] - time.time()) < 5
    assert [m["text"] for m in api.sent_to(USER)] == ["een", "twee"]
    assert [m["text"] for m in api.chat_view(USER)] == ["hoi", "een", "twee"]


async def test_blocked_chat_is_403(api: BotAPIStandIn, tg: RawClient) -> None:
    update = api.my_chat_member_blocked(USER)
    assert update["my_chat_member"]["new_chat_member"]["status"] == "kicked"
    assert update["my_chat_member"]["new_chat_member"]["user"]["is_bot"] is True
    reply = await send(tg)
    assert (reply.status, reply.description) == (403, "Forbidden: bot was blocked by the user")
    action = await tg.call("sendChatAction", chat_id=USER, action="typing")
    assert action.status == 403
    api.unblock(USER)
    assert (await send(tg)).status == 200
    api.group_message(GROUP, "hoi")
    api.block(GROUP)
    assert (await send(tg, chat_id=GROUP)).description == "Forbidden: bot was kicked from the group chat"


async def test_user_seen_only_in_a_group_cannot_be_messaged_first(api: BotAPIStandIn, tg: RawClient) -> None:
    api.group_message(GROUP, "hoi", user_id=555)
    reply = await send(tg, chat_id=555)
    assert (reply.status, reply.description) == (403, "Forbidden: bot can't initiate conversation with a user")


async def test_reply_parameters_must_name_an_existing_message(api: BotAPIStandIn, tg: RawClient) -> None:
    question = api.private_message(USER, "waar is de voedselbank?")["message"]
    answer = (await send(tg, "Hier", reply_parameters={"message_id": question["message_id"]})).result
    assert answer["reply_to_message"]["text"] == "waar is de voedselbank?"
    missing = await send(tg, reply_parameters={"message_id": 99})
    assert missing.description == "Bad Request: message to be replied not found"
    lenient = await send(tg, reply_parameters={"message_id": 99, "allow_sending_without_reply": True})
    assert "reply_to_message" not in lenient.result


# -- text and entities -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("", "Bad Request: message text is empty"),
        ("   \n ", "Bad Request: message must be non-empty"),
        ("a" * 4097, "Bad Request: message is too long"),
        ("😀" * 2049, "Bad Request: message is too long"),
    ],
)
async def test_text_must_be_1_to_4096_utf16_units(
    api: BotAPIStandIn, tg: RawClient, text: str, description: str
) -> None:
    api.private_message(USER, "hoi")
    assert (await send(tg, text)).description == description


async def test_length_counts_after_entity_parsing(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    assert len((await send(tg, "a" * 4096)).result["text"]) == 4096
    assert len((await send(tg, "😀" * 2048)).result["text"]) == 2048
    tagged = await send(tg, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    assert tagged.result["entities"] == [{"type": "bold", "offset": 0, "length": 4096}]
    escaped = await send(tg, "&amp;" * 4096, parse_mode="HTML")
    assert escaped.result["text"] == "&" * 4096
    assert (await send(tg, "<b> </b>", parse_mode="HTML")).description == "Bad Request: message must be non-empty"


async def test_text_is_trimmed_like_telegram(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    result = (await send(tg, "  <b>Hoi</b>  \n", parse_mode="HTML")).result
    assert result["text"] == "Hoi"
    assert result["entities"] == [{"type": "bold", "offset": 0, "length": 3}]


async def test_html_subset_parses_to_telegram_entities(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    html = (
        '<b>bold</b> <i>it</i> <a href="https://example.com">link</a> <code>x</code> '
        '<pre><code class="language-python">p</code></pre> <tg-spoiler>s</tg-spoiler> '
        '<span class="tg-spoiler">t</span> <blockquote expandable>q</blockquote> <u>u</u> <s>s</s> '
        "&lt;&gt;&amp;&quot;&#65;&#x42;"
    )
    result = (await send(tg, html, parse_mode="HTML")).result
    assert result["text"] == 'bold it link x p s t q u s <>&"AB'
    assert result["entities"] == [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "italic", "offset": 5, "length": 2},
        {"type": "text_link", "offset": 8, "length": 4, "url": "https://example.com/"},
        {"type": "code", "offset": 13, "length": 1},
        {"type": "pre", "offset": 15, "length": 1, "language": "python"},
        {"type": "spoiler", "offset": 17, "length": 1},
        {"type": "spoiler", "offset": 19, "length": 1},
        {"type": "expandable_blockquote", "offset": 21, "length": 1},
        {"type": "underline", "offset": 23, "length": 1},
        {"type": "strikethrough", "offset": 25, "length": 1},
    ]


def test_html_offsets_are_utf16_units_and_nesting_works() -> None:
    text, entities = parse_html("😀 <b>vet <i>en schuin</i></b> <STRONG>hoofd</STRONG>")
    assert text == "😀 vet en schuin hoofd"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 13},
        {"type": "italic", "offset": 7, "length": 9},
        {"type": "bold", "offset": 17, "length": 5},
    ]
    assert parse_html("<pre>code</pre>")[1] == [{"type": "pre", "offset": 0, "length": 4}]
    assert parse_html("<blockquote>q</blockquote>")[1] == [{"type": "blockquote", "offset": 0, "length": 1}]
    assert parse_html("<a href='tg://user?id=42'>Jan</a>")[1][0]["type"] == "text_mention"


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("é <p>x</p>", 'Unsupported start tag "p" at byte offset 3'),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<a href="x"/>y</a>', 'Empty attribute name in the tag "a" at byte offset 0'),
        ('<tg-emoji emoji-id="abc">x</tg-emoji>', "Invalid custom emoji identifier specified"),
        ("Tom & Jerry", "Character '&' at byte offset 4 must be escaped as &amp;"),
        (
            "&#xD800;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
    ],
)
async def test_bad_html_cannot_be_parsed(api: BotAPIStandIn, tg: RawClient, html: str, error: str) -> None:
    api.private_message(USER, "hoi")
    reply = await send(tg, html, parse_mode="HTML")
    assert reply.status == 400
    assert reply.description.startswith(f"Bad Request: can't parse entities: {error}")
    assert api.sent_to(USER) == []


async def test_bare_ampersand_follows_telegram_when_not_strict() -> None:
    async with BotAPIStandIn(strict_html_ampersand=False) as api, aiohttp.ClientSession() as session:
        tg = RawClient(api, session)
        api.private_message(USER, "hoi")
        assert (await send(tg, "Tom & Jerry &foo;", parse_mode="HTML")).result["text"] == "Tom & Jerry &foo;"


@pytest.mark.parametrize(
    ("markdown", "error"),
    [
        ("Hallo.", "Character '.' is reserved and must be escaped with the preceding '\\'"),
        ("1-2", "Character '-' is reserved and must be escaped with the preceding '\\'"),
        ("(tekst)", "Character '(' is reserved and must be escaped with the preceding '\\'"),
        ("*vet", "Can't find end of Bold entity at byte offset 0"),
        ("a _schuin", "Can't find end of Italic entity at byte offset 2"),
        ("[link](https://example.com", "Can't find end of a URL at byte offset 7"),
    ],
)
async def test_markdown_v2_reserved_characters(api: BotAPIStandIn, tg: RawClient, markdown: str, error: str) -> None:
    api.private_message(USER, "hoi")
    reply = await send(tg, markdown, parse_mode="MarkdownV2")
    assert reply.description == f"Bad Request: can't parse entities: {error}"


def test_markdown_v2_and_legacy_markdown_parse_like_telegram() -> None:
    text, entities = parse_markdown_v2(
        "*vet* \\. _schuin_ __onder__ ~door~ ||geheim|| [link](https://example.com) `a.b` ```python\nx = 1```"
    )
    assert text == "vet . schuin onder door geheim link a.b x = 1"
    assert [(e["type"], e["offset"], e["length"]) for e in entities] == [
        ("bold", 0, 3), ("italic", 6, 6), ("underline", 13, 5), ("strikethrough", 19, 4),
        ("spoiler", 24, 6), ("text_link", 31, 4), ("code", 36, 3), ("pre", 40, 5),
    ]  # fmt: skip
    assert entities[-1]["language"] == "python"
    assert parse_markdown_v2(">citaat\n>regel twee")[1] == [{"type": "blockquote", "offset": 0, "length": 17}]
    assert parse_markdown("*vet* _x_ [t](https://t.nl)")[0] == "vet x t"
    with pytest.raises(ValueError, match="Can't find end of the entity starting at byte offset 0"):
        parse_markdown("*vet")


async def test_unsupported_parse_mode(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    assert (await send(tg, "x", parse_mode="BBCode")).description == "Bad Request: unsupported parse_mode"
    assert (await send(tg, "<b>x</b>", parse_mode="html")).result["entities"][0]["type"] == "bold"


async def test_explicit_entities_are_checked_against_the_text(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    bold = [{"type": "bold", "offset": 0, "length": 3}]
    assert (await send(tg, "Hoi", entities=bold, parse_mode="HTML")).result["entities"] == bold
    too_far = await send(tg, "Hoi", entities=[{"type": "bold", "offset": 2, "length": 3}])
    assert too_far.status == 400


# -- keyboards -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "ok"),
    [("x" * 64, True), ("x" * 65, False), ("€" * 21, True), ("€" * 22, False)],
)
async def test_callback_data_is_1_to_64_bytes(api: BotAPIStandIn, tg: RawClient, data: str, ok: bool) -> None:
    api.private_message(USER, "hoi")
    reply = await send(tg, reply_markup=inline({"text": "Kies", "callback_data": data}))
    if ok:
        assert reply.result["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == data
    else:
        assert reply.description == "Bad Request: BUTTON_DATA_INVALID"


@pytest.mark.parametrize(
    ("markup", "description"),
    [
        (
            inline({"text": "a"}),
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ),
        (inline({"text": "a", "callback_data": ""}), "Text buttons are unallowed in the inline keyboard"),
        (inline({"text": "a", "callback_data": "x", "url": "https://x.nl"}), "exactly one of the optional fields"),
        (inline({"text": "", "callback_data": "x"}), "inline keyboard button text must be non-empty"),
        (inline({"text": 5, "callback_data": "x"}), 'Field "text" must be of type String'),
        (inline(*[{"text": str(n), "callback_data": str(n)} for n in range(9)]), "reply markup is too long"),
        (
            {"inline_keyboard": [[{"text": "b", "callback_data": f"{r}.{c}"} for c in range(8)] for r in range(13)]},
            "reply markup is too long",
        ),
        (inline({"text": "a", "url": "ftp://x.nl"}), "URL 'ftp://x.nl' is invalid: Unsupported URL protocol"),
        (inline({"text": "a", "url": "www.x.nl"}), "Unsupported URL protocol"),
        (inline({"text": "a", "url": "https://"}), "Wrong HTTP URL"),
        (inline({"text": "a", "web_app": {"url": "http://x.nl"}}), "Only HTTPS links are allowed"),
        ({"inline_keyboard": {"text": "a"}}, 'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array'),
        ({"inline_keyboard": [{"text": "a", "callback_data": "b"}]}, "must be an Array of Arrays"),
        ({"inline_keyboard": [["a"]]}, "InlineKeyboardButton must be an Object"),
    ],
)
async def test_inline_keyboard_shape(api: BotAPIStandIn, tg: RawClient, markup: Any, description: str) -> None:
    api.private_message(USER, "hoi")
    reply = await send(tg, reply_markup=markup)
    assert reply.status == 400
    assert reply.description.startswith("Bad Request: ")
    assert description in reply.description


async def test_good_inline_keyboards_are_echoed(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    markup = {
        "inline_keyboard": [
            [{"text": str(n), "callback_data": str(n)} for n in range(8)],
            [{"text": "Site", "url": "https://www.almere.nl/contact"}],
            [{"text": "Kanaal", "url": "tg://resolve?domain=buurtwijzer"}],
            [{"text": "Deel", "switch_inline_query": ""}, {"text": "App", "web_app": {"url": "https://x.nl/app"}}],
        ]
    }
    assert (await send(tg, reply_markup=markup)).result["reply_markup"] == markup
    assert "reply_markup" not in (await send(tg, reply_markup={"inline_keyboard": []})).result


async def test_reply_keyboard_request_buttons_only_in_private_chats(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    api.group_message(GROUP, "hoi")
    location = {"keyboard": [[{"text": "Deel locatie", "request_location": True}], ["Annuleer"]]}
    private = await send(tg, reply_markup=location)
    assert "reply_markup" not in private.result  # Telegram echoes only inline keyboards
    assert api.calls[-1].params["reply_markup"] == location
    in_group = await send(tg, chat_id=GROUP, reply_markup=location)
    assert in_group.description == "Bad Request: location can be requested in private chats only"
    contact = {"keyboard": [[{"text": "Nummer", "request_contact": True}]]}
    assert (await send(tg, chat_id=GROUP, reply_markup=contact)).description == (
        "Bad Request: phone number can be requested in private chats only"
    )
    empty = await send(tg, reply_markup={"keyboard": [[{"text": ""}]]})
    assert empty.description == "Bad Request: keyboard button text must be non-empty"
    assert (await send(tg, reply_markup={"remove_keyboard": True})).status == 200
    assert (await send(tg, reply_markup={"force_reply": True})).status == 200


# -- venues, locations, chat actions ---------------------------------------------------------------


async def test_send_venue_and_location(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    await send(tg, "Dichtstbijzijnde plek:")
    venue = await tg.call(
        "sendVenue", chat_id=USER, latitude=52.3702, longitude=5.2141, title="Voedselbank",
        address="Markt 1, Almere", google_place_id="abc",
    )  # fmt: skip
    assert venue.result["venue"] == {
        "location": {"latitude": 52.3702, "longitude": 5.2141},
        "title": "Voedselbank",
        "address": "Markt 1, Almere",
        "google_place_id": "abc",
    }
    assert venue.result["location"] == {"latitude": 52.3702, "longitude": 5.2141}
    location = await tg.call("sendLocation", chat_id=USER, latitude=-90, longitude=180)
    assert location.result["location"] == {"latitude": -90.0, "longitude": 180.0}
    kinds = [next(k for k in ("text", "venue", "location") if k in m) for m in api.sent_to(USER)]
    assert kinds == ["text", "venue", "location"]


@pytest.mark.parametrize(
    ("method", "params", "description"),
    [
        ("sendVenue", {"latitude": 91, "longitude": 5, "title": "t", "address": "a"}, "wrong venue location specified"),
        ("sendVenue", {"latitude": 52, "longitude": -181, "title": "t", "address": "a"}, "wrong venue location"),
        ("sendVenue", {"latitude": 52, "longitude": 5, "title": " ", "address": "a"}, "venue title is empty"),
        ("sendVenue", {"latitude": 52, "longitude": 5, "title": "t"}, "venue address is empty"),
        ("sendVenue", {"longitude": 5, "title": "t", "address": "a"}, "latitude is empty"),
        ("sendLocation", {"latitude": 52, "longitude": 180.5}, "wrong location specified"),
        ("sendLocation", {"latitude": "north", "longitude": 5}, "wrong location specified"),
        ("sendLocation", {"latitude": 52, "longitude": 5, "live_period": 30}, "wrong live location period"),
        ("sendChatAction", {"action": "dancing"}, "wrong parameter action in request"),
    ],
)
async def test_place_rules(
    api: BotAPIStandIn, tg: RawClient, method: str, params: dict[str, Any], description: str
) -> None:
    api.private_message(USER, "hoi")
    reply = await tg.call(method, chat_id=USER, **params)
    assert reply.status == 400
    assert description in reply.description
    assert api.sent_to(USER) == []


async def test_chat_action(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    assert (await tg.call("sendChatAction", chat_id=USER, action="find_location")).result is True
    assert api.sent_to(USER) == []


# -- callback queries ------------------------------------------------------------------------------


async def test_callback_query_can_be_answered_once(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    message = (await send(tg, "Kies", reply_markup=KEYBOARD)).result
    update = api.callback_query(USER, message["message_id"], "yes", language_code="ar")
    query = update["callback_query"]
    assert query["data"] == "yes"
    assert query["message"] == message
    assert query["from"]["language_code"] == "ar"
    too_long = await tg.call("answerCallbackQuery", callback_query_id=query["id"], text="x" * 201)
    assert too_long.description == "Bad Request: MESSAGE_TOO_LONG"
    assert (await tg.call("answerCallbackQuery", callback_query_id=query["id"], text="x" * 200)).result is True
    again = await tg.call("answerCallbackQuery", callback_query_id=query["id"])
    invalid = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    assert again.description == invalid
    assert (await tg.call("answerCallbackQuery", callback_query_id="12345")).description == invalid


async def test_callback_query_needs_a_real_button(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    message = (await send(tg, "Kies", reply_markup=KEYBOARD)).result
    with pytest.raises(AssertionError, match="has no button"):
        api.callback_query(USER, message["message_id"], "maybe")
    with pytest.raises(AssertionError, match="no message 99"):
        api.callback_query(USER, 99, "yes")
    assert api.callback_query(USER, message["message_id"], "stale", check_button=False)["callback_query"]["data"]


# -- editing and deleting --------------------------------------------------------------------------


async def test_edit_message_text_rules(api: BotAPIStandIn, tg: RawClient) -> None:
    user_message = api.private_message(USER, "hoi")["message"]
    message = (await send(tg, "<b>Kies</b>", parse_mode="HTML", reply_markup=KEYBOARD)).result
    mid = message["message_id"]
    not_modified = (
        "Bad Request: message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )
    same = await tg.call("editMessageText", chat_id=USER, message_id=mid, text="<b>Kies</b>", parse_mode="HTML",
                         reply_markup=KEYBOARD)  # fmt: skip
    assert same.description == not_modified
    unbold = await tg.call("editMessageText", chat_id=USER, message_id=mid, text="Kies", reply_markup=KEYBOARD)
    assert "entities" not in unbold.result
    assert unbold.result["edit_date"] >= message["date"]
    no_markup = await tg.call("editMessageText", chat_id=USER, message_id=mid, text="Kies")
    assert "reply_markup" not in no_markup.result  # leaving out reply_markup removes the keyboard
    assert api.sent_to(USER)[0]["text"] == "Kies"
    missing = await tg.call("editMessageText", chat_id=USER, message_id=42, text="x")
    assert missing.description == "Bad Request: message to edit not found"
    theirs = await tg.call("editMessageText", chat_id=USER, message_id=user_message["message_id"], text="x")
    assert theirs.description == "Bad Request: message can't be edited"
    venue = (await tg.call("sendVenue", chat_id=USER, latitude=1, longitude=1, title="t", address="a")).result
    no_text = await tg.call("editMessageText", chat_id=USER, message_id=venue["message_id"], text="x")
    assert no_text.description == "Bad Request: there is no text in the message to edit"
    reply_keyboard = await tg.call("editMessageText", chat_id=USER, message_id=mid, text="Nieuw",
                                   reply_markup={"keyboard": [["a"]]})  # fmt: skip
    assert reply_keyboard.description == "Bad Request: inline keyboard expected"


async def test_edit_message_reply_markup_rules(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    mid = (await send(tg, "Kies", reply_markup=KEYBOARD)).result["message_id"]
    same = await tg.call("editMessageReplyMarkup", chat_id=USER, message_id=mid, reply_markup=KEYBOARD)
    assert same.description.startswith("Bad Request: message is not modified")
    removed = await tg.call("editMessageReplyMarkup", chat_id=USER, message_id=mid)
    assert "reply_markup" not in removed.result
    again = await tg.call("editMessageReplyMarkup", chat_id=USER, message_id=mid)
    assert again.description.startswith("Bad Request: message is not modified")
    missing = await tg.call("editMessageReplyMarkup", chat_id=USER, message_id=77, reply_markup=KEYBOARD)
    assert missing.description == "Bad Request: message to edit not found"


async def test_delete_message(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    mid = (await send(tg)).result["message_id"]
    assert (await tg.call("deleteMessage", chat_id=USER, message_id=mid)).result is True
    again = await tg.call("deleteMessage", chat_id=USER, message_id=mid)
    assert again.description == "Bad Request: message to delete not found"
    assert api.deleted_in(USER) == [mid]
    assert [m["message_id"] for m in api.chat_view(USER)] == [1]
    assert len(api.sent_to(USER)) == 1


# -- commands, descriptions, menu button -----------------------------------------------------------


async def test_set_and_get_my_commands(api: BotAPIStandIn, tg: RawClient) -> None:
    commands = [{"command": "start", "description": "Begin"}, {"command": "help", "description": "Hulp"}]
    assert (await tg.call("setMyCommands", commands=commands)).result is True
    arabic = [{"command": "start", "description": "ابدأ"}]
    await tg.call("setMyCommands", commands=arabic, language_code="ar")
    private = [{"command": "taal", "description": "Kies je taal"}]
    await tg.call("setMyCommands", commands=private, scope={"type": "all_private_chats"})
    assert (await tg.call("getMyCommands")).result == commands
    assert (await tg.call("getMyCommands", language_code="ar")).result == arabic
    assert (await tg.call("getMyCommands", scope={"type": "all_private_chats"})).result == private
    assert (await tg.call("getMyCommands", language_code="tr")).result == []
    assert (await tg.call("deleteMyCommands")).result is True
    assert (await tg.call("getMyCommands")).result == []
    trimmed = [{"command": " /Stop ".lower(), "description": "  Stop  "}]
    await tg.call("setMyCommands", commands=trimmed)
    assert (await tg.call("getMyCommands")).result == [{"command": "stop", "description": "Stop"}]


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"commands": [{"command": "Start", "description": "x"}]}, "BOT_COMMAND_INVALID"),
        ({"commands": [{"command": "help-me", "description": "x"}]}, "BOT_COMMAND_INVALID"),
        ({"commands": [{"command": "a" * 33, "description": "x"}]}, "command length must not exceed 32"),
        ({"commands": [{"command": "", "description": "x"}]}, "command must be non-empty"),
        ({"commands": [{"command": "a", "description": " "}]}, "command description must be non-empty"),
        ({"commands": [{"command": "a", "description": "x" * 257}]}, "command description length must not exceed 256"),
        ({"commands": [{"command": f"c{n}", "description": "x"} for n in range(101)]}, "BOT_COMMANDS_TOO_MUCH"),
        ({"commands": [{"command": "a", "description": "x"}], "language_code": "nld"}, "invalid language code"),
        ({"commands": [{"command": "a", "description": "x"}], "scope": {"type": "planet"}}, "scope type"),
        (
            {"commands": [{"command": "a", "description": "x"}], "scope": {"type": "chat", "chat_id": 5}},
            "chat not found",
        ),
        ({"commands": "start"}, "can't parse commands JSON object"),
    ],
)
async def test_set_my_commands_rules(tg: RawClient, params: dict[str, Any], description: str) -> None:
    reply = await tg.call("setMyCommands", **params)
    assert reply.status == 400
    assert reply.description.startswith("Bad Request: ")
    assert description in reply.description


async def test_descriptions_have_telegram_limits(tg: RawClient) -> None:
    assert (await tg.call("setMyDescription", description="d" * 512, language_code="nl")).result is True
    assert (await tg.call("getMyDescription", language_code="nl")).result == {"description": "d" * 512}
    assert (await tg.call("getMyDescription")).result == {"description": ""}
    assert (await tg.call("setMyDescription", description="d" * 513)).status == 400
    assert (await tg.call("setMyShortDescription", short_description="s" * 120)).result is True
    assert (await tg.call("getMyShortDescription")).result == {"short_description": "s" * 120}
    too_long = await tg.call("setMyShortDescription", short_description="s" * 121)
    assert too_long.description.startswith("Bad Request: bot short description is too long")
    assert (await tg.call("setMyDescription", description="x", language_code="NL")).status == 400


async def test_chat_menu_button(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    assert (await tg.call("setChatMenuButton", menu_button={"type": "commands"})).result is True
    assert (await tg.call("getChatMenuButton", chat_id=USER)).result == {"type": "commands"}
    web_app = {"type": "web_app", "text": "Kaart", "web_app": {"url": "https://x.nl/kaart"}}
    assert (await tg.call("setChatMenuButton", chat_id=USER, menu_button=web_app)).result is True
    assert (await tg.call("getChatMenuButton", chat_id=USER)).result == web_app
    insecure = {"type": "web_app", "text": "Kaart", "web_app": {"url": "http://x.nl"}}
    assert (await tg.call("setChatMenuButton", menu_button=insecure)).status == 400
    assert (await tg.call("setChatMenuButton", menu_button={"type": "party"})).status == 400
    assert (await tg.call("setChatMenuButton", chat_id=999, menu_button={"type": "commands"})).status == 400


async def test_close_and_log_out(tg: RawClient) -> None:
    assert (await tg.call("close")).result is True
    assert (await tg.call("logOut")).result is True


# -- getUpdates ------------------------------------------------------------------------------------


async def test_long_poll_returns_as_soon_as_an_update_is_queued(api: BotAPIStandIn, tg: RawClient) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(tg.call("getUpdates", timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()
    queued = api.private_message(USER, "hoi")
    updates = (await poll).result
    assert time.monotonic() - started < 2
    assert updates == [queued]
    empty_started = time.monotonic()
    assert (await tg.call("getUpdates", timeout=0.3, offset=queued["update_id"] + 1)).result == []
    assert time.monotonic() - empty_started >= 0.25


async def test_offset_confirms_and_limit_and_negative_offset(api: BotAPIStandIn, tg: RawClient) -> None:
    ids = [api.private_message(USER, str(n))["update_id"] for n in range(3)]
    assert ids == [1, 2, 3]
    assert [u["update_id"] for u in (await tg.call("getUpdates", limit=2)).result] == [1, 2]
    assert [u["update_id"] for u in (await tg.call("getUpdates", offset=2)).result] == [2, 3]
    assert [u["update_id"] for u in api.pending_updates()] == [2, 3]
    assert (await tg.call("getUpdates", offset=4)).result == []
    for n in range(3):
        api.private_message(USER, f"meer {n}")
    assert [u["message"]["text"] for u in (await tg.call("getUpdates", offset=-1)).result] == ["meer 2"]
    assert len(api.pending_updates()) == 1


async def test_allowed_updates_filter_and_persist(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    mid = (await send(tg, "Kies", reply_markup=KEYBOARD)).result["message_id"]
    api.callback_query(USER, mid, "yes")
    only_messages = (await tg.call("getUpdates", allowed_updates=["message"])).result
    assert [next(k for k in u if k != "update_id") for u in only_messages] == ["message"]
    api.callback_query(USER, mid, "no")
    assert (await tg.call("getUpdates", offset=only_messages[-1]["update_id"] + 1)).result == []
    api.callback_query(USER, mid, "no")
    everything = (await tg.call("getUpdates", allowed_updates=[])).result
    assert [next(k for k in u if k != "update_id") for u in everything] == ["callback_query"]


async def test_second_get_updates_terminates_the_first(api: BotAPIStandIn, tg: RawClient) -> None:
    first = asyncio.create_task(tg.call("getUpdates", timeout=5))
    await asyncio.sleep(0.2)
    second = await tg.call("getUpdates", timeout=0)
    assert second.result == []
    conflict = await first
    assert conflict.status == 409
    assert conflict.description == (
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    )


# -- webhooks --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "description"),
    [
        (
            {"url": "https://bot.example.nl/hook", "secret_token": "geheim!"},
            "secret token contains unallowed characters",
        ),
        ({"url": "https://bot.example.nl/hook", "secret_token": "s" * 257}, "secret token is too long"),
        ({"url": "http://bot.example.nl/hook"}, "bad webhook: An HTTPS URL must be provided for webhook"),
        ({"url": "https://bot.example.nl:8080/hook"}, "Webhook can be set up only on ports 80, 88, 443 or 8443"),
        ({"url": "ftp://bot.example.nl/hook"}, "bad webhook"),
    ],
)
async def test_set_webhook_rules(tg: RawClient, params: dict[str, Any], description: str) -> None:
    reply = await tg.call("setWebhook", **params)
    assert reply.status == 400
    assert description in reply.description


async def test_webhook_blocks_get_updates_until_deleted(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    secret = "Az09_-" * 40 + "abcdefghijklmnop"
    assert len(secret) == 256
    reply = await tg.call("setWebhook", url="https://bot.example.nl:8443/hook", secret_token=secret,
                          allowed_updates=["message"], max_connections=10)  # fmt: skip
    assert reply.body == {"ok": True, "result": True, "description": "Webhook was set"}
    info = (await tg.call("getWebhookInfo")).result
    assert info == {"url": "https://bot.example.nl:8443/hook", "has_custom_certificate": False,
                    "pending_update_count": 1, "max_connections": 10, "allowed_updates": ["message"]}  # fmt: skip
    conflict = await tg.call("getUpdates")
    assert (conflict.status, conflict.description) == (
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    )
    deleted = await tg.call("deleteWebhook", drop_pending_updates=True)
    assert deleted.body["description"] == "Webhook was deleted"
    assert (await tg.call("getUpdates")).result == []
    assert (await tg.call("deleteWebhook")).body["description"] == "Webhook is already deleted"


async def test_set_webhook_ends_a_pending_long_poll(api: BotAPIStandIn, tg: RawClient) -> None:
    poll = asyncio.create_task(tg.call("getUpdates", timeout=5))
    await asyncio.sleep(0.2)
    await tg.call("setWebhook", url="http://127.0.0.1:9/hook")
    conflict = await poll
    assert (conflict.status, conflict.description) == (409, "Conflict: terminated by setWebhook request")


async def test_multipart_set_webhook_with_certificate(api: BotAPIStandIn, tg: RawClient) -> None:
    reply = await tg.call_multipart(
        "setWebhook", files={"certificate": b"-----BEGIN CERTIFICATE-----"}, url="https://bot.example.nl/hook"
    )
    assert reply.result is True
    assert (await tg.call("getWebhookInfo")).result["has_custom_certificate"] is True
    with pytest.raises(AssertionError, match=r"never leaves 127\.0\.0\.1"):
        await api.deliver_webhook({"message": {"text": "x"}})


async def test_deliver_webhook_posts_json_with_the_secret(api: BotAPIStandIn, tg: RawClient) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []

    async def hook(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        received.append((secret, await request.json()))
        return web.Response(status=200 if secret == "s3cret" else 403)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        with pytest.raises(AssertionError, match="no webhook is set"):
            await api.deliver_webhook({"message": {}})
        url = f"http://127.0.0.1:{port}/hook"
        await tg.call("setWebhook", url=url, secret_token="s3cret", allowed_updates=["message"])
        update = api.private_message(USER, "via webhook")
        assert await api.deliver_webhook(update) == 200
        assert received == [("s3cret", update)]
        assert api.pending_updates() == []
        wrong = api.private_message(USER, "wrong secret")
        assert await api.deliver_webhook(wrong, secret="nope") == 403
        assert await api.deliver_webhook(wrong, secret=None) == 403
        assert received[-1][0] is None
        info = (await tg.call("getWebhookInfo")).result
        assert info["pending_update_count"] == 1
        assert info["last_error_message"] == "Wrong response from the webhook: 403 Forbidden"
        mid = (await send(tg, "Kies", reply_markup=KEYBOARD)).result["message_id"]
        with pytest.raises(AssertionError, match="would not deliver a 'callback_query'"):
            await api.deliver_webhook(api.callback_query(USER, mid, "yes"))
    finally:
        await runner.cleanup()


# -- flood limits ----------------------------------------------------------------------------------


async def test_per_chat_burst_then_429_with_retry_after(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    api.private_message(USER + 1, "hoi")
    for n in range(5):
        assert (await send(tg, f"bericht {n}")).status == 200
    limited = await send(tg, "te veel")
    assert limited.status == 429
    assert limited.body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert (await send(tg, chat_id=USER + 1)).status == 200  # another chat has its own bucket
    venue = await tg.call("sendVenue", chat_id=USER, latitude=1, longitude=1, title="t", address="a")
    assert venue.status == 429
    assert (await tg.call("sendChatAction", chat_id=USER, action="typing")).status == 200
    assert len(api.sent_to(USER)) == 5


async def test_bucket_refills_and_refused_sends_cost_nothing(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    api.set_limits(chat_burst=1, chat_per_second=20)
    assert (await send(tg, "<p>", parse_mode="HTML")).status == 400
    assert (await send(tg)).status == 200
    assert (await send(tg)).status == 429
    await asyncio.sleep(0.1)
    assert (await send(tg)).status == 200


async def test_global_limit_spans_chats(api: BotAPIStandIn, tg: RawClient) -> None:
    for chat_id in (1, 2, 3):
        api.private_message(chat_id, "hoi")
    api.set_limits(global_per_second=2, chat_burst=100)
    assert (await send(tg, chat_id=1)).status == 200
    assert (await send(tg, chat_id=2)).status == 200
    third = await send(tg, chat_id=3)
    assert (third.status, third.body["parameters"]) == (429, {"retry_after": 1})


# -- driving and inspecting ------------------------------------------------------------------------


async def test_builders_make_realistic_updates(api: BotAPIStandIn) -> None:
    start = api.private_message(USER, "/start", language_code="uk", username="olena")
    message = start["message"]
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert message["from"] == {"id": USER, "is_bot": False, "first_name": "Test", "username": "olena",
                               "language_code": "uk"}  # fmt: skip
    assert api.private_message(USER, "/help@buurtwijzer_test_bot")["message"]["entities"][0]["length"] == 26
    group = api.group_message(SUPERGROUP, "hoi", title="Coördinatoren")["message"]
    assert group["chat"] == {"id": SUPERGROUP, "type": "supergroup", "title": "Coördinatoren"}
    voice = api.message_with(USER, voice=True)["message"]["voice"]
    assert voice["mime_type"] == "audio/ogg" and voice["duration"] > 0 and voice["file_id"]
    photo = api.message_with(USER, photo=True, caption="kijk")["message"]
    assert [size["width"] for size in photo["photo"]] == [90, 320, 800] and photo["caption"] == "kijk"
    contact = api.message_with(USER, contact=True)["message"]["contact"]
    assert contact["user_id"] == USER
    sticker = api.message_with(
        USER,
        sticker={
            "file_id": "own",
            "file_unique_id": "o",
            "type": "regular",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
        },
    )
    assert sticker["message"]["sticker"]["file_id"] == "own"
    located = api.location_message(USER, 52.37, 5.21)["message"]["location"]
    assert located == {"latitude": 52.37, "longitude": 5.21}
    edited = api.edited_message(USER, message["message_id"], "/help")["edited_message"]
    assert edited["text"] == "/help" and "edit_date" in edited
    custom = api.queue_update({"chat_member": {"chat": {"id": GROUP, "type": "group", "title": "g"}}})
    assert custom["update_id"] == start["update_id"] + 9
    with pytest.raises(ValueError, match="must be greater"):
        api.queue_update({"update_id": 1, "message": {}})
    with pytest.raises(ValueError):
        api.message_with(USER, poll=True)


async def test_wait_for_messages(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")

    async def bot_answers_later() -> None:
        await asyncio.sleep(0.1)
        await send(tg, "een")
        await send(tg, "<p>", parse_mode="HTML")
        await send(tg, "twee")

    task = asyncio.create_task(bot_answers_later())
    messages = await api.wait_for_messages(USER, 2, timeout=5)
    await task
    assert [m["text"] for m in messages] == ["een", "twee"]
    with pytest.raises(AssertionError, match=r"expected at least 3 message\(s\) to chat 1001 within 0.2s, got 2"):
        await api.wait_for_messages(USER, 3, timeout=0.2)
    assert [call.error for call in api.errors()] == [
        'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0'
    ]
    with pytest.raises(AssertionError, match="1 refused call"):
        api.assert_no_errors()


# -- PTB against the stand-in ----------------------------------------------------------------------


def ptb_bot(api: BotAPIStandIn) -> Bot:
    return Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)


async def test_ptb_get_me_and_html_message(api: BotAPIStandIn) -> None:
    api.private_message(USER, "hoi")
    async with ptb_bot(api) as bot:
        me = await bot.get_me()
        assert (me.id, me.username, me.is_bot) == (123456, "buurtwijzer_test_bot", True)
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="yes")]])
        sent = await bot.send_message(USER, "<b>Hoi</b> &amp; welkom", parse_mode=ParseMode.HTML, reply_markup=markup)
    assert sent.text == "Hoi & welkom"
    assert sent.entities == (MessageEntity(MessageEntity.BOLD, 0, 3),)
    assert sent.reply_markup == markup
    assert sent.from_user is not None and sent.from_user.is_bot
    call = api.calls_to("sendMessage")[0]
    assert call.params["reply_markup"] == {"inline_keyboard": [[{"text": "Ja", "callback_data": "yes"}]]}
    api.assert_no_errors()


async def test_ptb_gets_bad_request_for_bad_html(api: BotAPIStandIn) -> None:
    api.private_message(USER, "hoi")
    async with ptb_bot(api) as bot:
        with pytest.raises(BadRequest, match=r'(?i)can\'t parse entities: unsupported start tag "p"'):
            await bot.send_message(USER, "<p>Hoi</p>", parse_mode=ParseMode.HTML)
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(999, "Hoi")
        api.block(USER)
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(USER, "Hoi")


async def test_ptb_gets_retry_after_on_429(api: BotAPIStandIn) -> None:
    api.private_message(USER, "hoi")
    api.set_limits(chat_burst=1, chat_per_second=0.5)
    async with ptb_bot(api) as bot:
        await bot.send_message(USER, "een")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(USER, "twee")
    assert "Retry in 2 seconds" in str(caught.value)
    assert api.errors()[-1].error == "Too Many Requests: retry after 2"


async def test_ptb_polls_updates(api: BotAPIStandIn) -> None:
    api.private_message(USER, "/start", language_code="ar")
    async with ptb_bot(api) as bot:
        updates = await bot.get_updates(timeout=1)
        assert len(updates) == 1
        message = updates[0].message
        assert message is not None and message.text == "/start"
        assert message.entities[0].type == MessageEntity.BOT_COMMAND
        assert message.from_user is not None and message.from_user.language_code == "ar"
        sent = await bot.send_message(USER, "Kies", reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Ja", callback_data="yes")]]))  # fmt: skip
        api.callback_query(USER, sent.message_id, "yes")
        later = await bot.get_updates(offset=updates[0].update_id + 1, timeout=1)
        assert [u.callback_query.data for u in later if u.callback_query] == ["yes"]
        assert await later[0].callback_query.answer("Gekozen") is True  # type: ignore[union-attr]
    assert api.pending_updates()[0]["callback_query"]["data"] == "yes"  # not yet confirmed by an offset


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Voedselbank", callback_data="food")]])
    await update.effective_message.reply_html("<b>Welkom!</b> Waar zoek je hulp bij?", reply_markup=keyboard)


async def _choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"Je koos: <i>{query.data}</i>", parse_mode=ParseMode.HTML)


def ptb_application(api: BotAPIStandIn) -> Application:  # type: ignore[type-arg]
    application = Application.builder().token(api.token).base_url(api.base_url).base_file_url(api.base_file_url).build()
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(CallbackQueryHandler(_choice))
    return application


async def test_ptb_application_end_to_end_with_polling(api: BotAPIStandIn) -> None:
    application = ptb_application(api)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        api.private_message(USER, "/start")
        [welcome] = await api.wait_for_messages(USER, 1)
        assert welcome["text"] == "Welkom! Waar zoek je hulp bij?"
        assert welcome["entities"] == [{"type": "bold", "offset": 0, "length": 7}]
        api.callback_query(USER, welcome["message_id"], "food")
        await api.wait_for_call("editMessageText")
        await application.updater.stop()
        await application.stop()
    assert api.sent_to(USER)[0]["text"] == "Je koos: food"
    assert "reply_markup" not in api.sent_to(USER)[0]
    assert [c.method for c in api.calls if c.method not in ("getUpdates",)][:1] == ["getMe"]
    assert api.calls_to("answerCallbackQuery")[0].ok
    assert api.pending_updates() == []  # PTB confirmed every update on shutdown
    api.assert_no_errors()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_ptb_application_end_to_end_with_webhook(api: BotAPIStandIn) -> None:
    application = ptb_application(api)
    port = _free_port()
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=f"http://127.0.0.1:{port}/hook",
            secret_token="buurt-geheim",
            allowed_updates=["message", "callback_query"],
        )
        assert api.webhook_url == f"http://127.0.0.1:{port}/hook"
        assert await api.deliver_webhook(api.private_message(USER, "/start"), secret="fout") == 403
        assert await api.deliver_pending() == [200]
        [welcome] = await api.wait_for_messages(USER, 1)
        assert await api.deliver_webhook(api.callback_query(USER, welcome["message_id"], "food")) == 200
        await api.wait_for_call("editMessageText")
        await application.updater.stop()
        await application.stop()
    assert json.loads(json.dumps(api.sent_to(USER)))[0]["text"] == "Je koos: food"
    api.assert_no_errors()
