"""Files, copies, user replies and injected faults in the stand-in, over plain HTTP and through PTB."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from telegram import Bot, MessageId
from telegram.error import NetworkError, RetryAfter

from .client import RawClient, Reply
from .standin import BotAPIStandIn

USER = 1001
GROUP = -100
KEYBOARD = {"inline_keyboard": [[{"text": "Ja", "callback_data": "yes"}]]}


async def send(tg: RawClient, text: str = "Hallo", chat_id: int = USER, **params: Any) -> Reply:
    return await tg.call("sendMessage", chat_id=chat_id, text=text, **params)


def resident_files(api: BotAPIStandIn) -> dict[str, Any]:
    """A resident sends a photo, a document and a voice note; the group is known to the bot."""
    api.register_chat(GROUP, title="Sleutelfiguren")
    photo = api.message_with(USER, photo="resident-photo", caption="mijn brief")["message"]
    document = api.message_with(USER, document=True)["message"]
    voice = api.message_with(USER, voice=True)["message"]
    return {"photo": photo, "document": document, "voice": voice}


# -- incoming media and replies --------------------------------------------------------------------


async def test_user_media_builders_take_a_file_id(api: BotAPIStandIn) -> None:
    photo = api.message_with(USER, photo="resident-photo")["message"]["photo"]
    assert [size["width"] for size in photo] == [90, 320, 800]
    assert photo[-1]["file_id"] == "resident-photo" and photo[0]["file_id"] != "resident-photo"
    voice = api.message_with(USER, voice="spraak-1")["message"]["voice"]
    assert voice["file_id"] == "spraak-1" and voice["mime_type"] == "audio/ogg"
    document = api.message_with(USER, document="brief-1", caption="de brief")["message"]
    assert document["document"]["file_id"] == "brief-1" and document["caption"] == "de brief"


async def test_a_user_message_can_reply_to_a_bot_message(api: BotAPIStandIn, tg: RawClient) -> None:
    question = api.private_message(USER, "hoi")["message"]
    answer = (await send(tg, "Waar woon je?", reply_markup=KEYBOARD, reply_parameters={"message_id": 1})).result
    reply = api.private_message(USER, "In Almere Buiten", reply_to=answer["message_id"])["message"]
    replied = reply["reply_to_message"]
    assert replied["text"] == "Waar woon je?" and replied["reply_markup"] == KEYBOARD
    assert replied["from"]["is_bot"] is True
    assert "reply_to_message" not in replied  # Telegram nests one level only
    assert list(reply)[:5] == ["message_id", "from", "chat", "date", "reply_to_message"]
    photo_reply = api.message_with(USER, photo=True, reply_to=question["message_id"])["message"]
    assert photo_reply["reply_to_message"]["text"] == "hoi" and photo_reply["photo"]
    api.group_message(GROUP, "wie neemt dit?")
    group_reply = api.group_message(GROUP, "ik", user_id=77, reply_to=1)["message"]
    assert group_reply["reply_to_message"]["text"] == "wie neemt dit?"
    with pytest.raises(AssertionError, match="no message 99"):
        api.private_message(USER, "x", reply_to=99)


# -- sendPhoto, sendDocument, sendVoice ------------------------------------------------------------


async def test_files_are_sent_on_by_file_id(api: BotAPIStandIn, tg: RawClient) -> None:
    sent = resident_files(api)
    photo = await tg.call(
        "sendPhoto",
        chat_id=GROUP,
        photo="resident-photo",
        caption="<b>Foto</b> van bewoner",
        parse_mode="HTML",
        reply_markup=KEYBOARD,
    )
    assert photo.result["photo"] == sent["photo"]["photo"]
    assert photo.result["caption"] == "Foto van bewoner"
    assert photo.result["caption_entities"] == [{"type": "bold", "offset": 0, "length": 4}]
    assert photo.result["reply_markup"] == KEYBOARD
    small = sent["photo"]["photo"][0]["file_id"]  # any size names the photo
    assert (await tg.call("sendPhoto", chat_id=GROUP, photo=small)).result["photo"] == sent["photo"]["photo"]
    document = await tg.call_json("sendDocument", chat_id=GROUP, document=sent["document"]["document"]["file_id"])
    assert document.result["document"] == sent["document"]["document"] and "caption" not in document.result
    voice = await tg.call("sendVoice", chat_id=GROUP, voice=sent["voice"]["voice"]["file_id"], caption="  ")
    assert voice.result["voice"] == sent["voice"]["voice"] and "caption" not in voice.result
    kinds = [next(k for k in ("photo", "document", "voice") if k in m) for m in api.sent_to(GROUP)]
    assert kinds == ["photo", "photo", "document", "voice"]
    assert (await api.wait_for_messages(GROUP, 4, timeout=1))[0]["caption"] == "Foto van bewoner"
    api.assert_no_errors()


@pytest.mark.parametrize(
    ("method", "params", "description"),
    [
        ("sendPhoto", {}, "Bad Request: there is no photo in the request"),
        ("sendVoice", {"voice": ""}, "Bad Request: there is no voice in the request"),
        ("sendPhoto", {"photo": "never-seen"}, "Bad Request: wrong file identifier/HTTP URL specified"),
        ("sendPhoto", {"photo": "VOICE"}, "Bad Request: can't use file of type VoiceNote as Photo"),
        ("sendDocument", {"document": "resident-photo"}, "Bad Request: can't use file of type Photo as Document"),
        ("sendPhoto", {"photo": "resident-photo", "caption": "a" * 1025}, "Bad Request: message caption is too long"),
        ("sendPhoto", {"photo": "resident-photo", "caption": "😀" * 513}, "Bad Request: message caption is too long"),
        (
            "sendPhoto",
            {"photo": "resident-photo", "caption": "<p>x</p>", "parse_mode": "HTML"},
            'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0',
        ),
    ],
)
async def test_file_rules(
    api: BotAPIStandIn, tg: RawClient, method: str, params: dict[str, Any], description: str
) -> None:
    sent = resident_files(api)
    if params.get("photo") == "VOICE":
        params = {"photo": sent["voice"]["voice"]["file_id"]}
    reply = await tg.call(method, chat_id=GROUP, **params)
    assert (reply.status, reply.description) == (400, description)
    assert api.sent_to(GROUP) == []


async def test_longest_caption_and_explicit_caption_entities(api: BotAPIStandIn, tg: RawClient) -> None:
    resident_files(api)
    longest = await tg.call("sendPhoto", chat_id=GROUP, photo="resident-photo", caption="😀" * 512)
    assert longest.result["caption"] == "😀" * 512
    entities = [{"type": "italic", "offset": 0, "length": 3}]
    explicit = await tg.call(
        "sendPhoto", chat_id=GROUP, photo="resident-photo", caption="<b>x", caption_entities=entities
    )
    assert (explicit.result["caption"], explicit.result["caption_entities"]) == ("<b>x", entities)


async def test_files_by_upload_or_url_become_known(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    upload = await tg.call_multipart("sendDocument", files={"document": b"%PDF-1.4"}, chat_id=str(USER))
    document = upload.result["document"]
    assert (document["file_name"], document["file_size"]) == ("document.bin", 8)
    by_url = await tg.call("sendPhoto", chat_id=USER, photo="https://example.org/kaart.png")
    largest = by_url.result["photo"][-1]["file_id"]
    again = await tg.call("sendPhoto", chat_id=USER, photo=largest)
    assert again.result["photo"] == by_url.result["photo"]
    assert (await tg.call("sendDocument", chat_id=USER, document=document["file_id"])).status == 200


async def test_sending_files_respects_blocks_and_flood_limits(api: BotAPIStandIn, tg: RawClient) -> None:
    resident_files(api)
    api.set_limits(chat_burst=1)
    assert (await tg.call("sendPhoto", chat_id=USER, photo="resident-photo")).status == 200
    limited = await tg.call("sendPhoto", chat_id=USER, photo="resident-photo")
    assert (limited.status, limited.body["parameters"]) == (429, {"retry_after": 1})
    api.block(USER)
    blocked = await tg.call("sendVoice", chat_id=USER, voice="resident-photo")
    assert blocked.status == 400  # the file is checked first: it is a photo
    blocked = await tg.call("sendPhoto", chat_id=USER, photo="resident-photo")
    assert (blocked.status, blocked.description) == (403, "Forbidden: bot was blocked by the user")


# -- copyMessage -----------------------------------------------------------------------------------


async def test_copy_message_returns_a_message_id_and_stores_a_plain_copy(api: BotAPIStandIn, tg: RawClient) -> None:
    sent = resident_files(api)
    original = sent["photo"]
    copied = await tg.call("copyMessage", chat_id=GROUP, from_chat_id=USER, message_id=original["message_id"])
    assert copied.result == {"message_id": 1}
    [copy] = api.sent_to(GROUP)
    assert copy["message_id"] == 1 and copy["chat"]["id"] == GROUP
    assert copy["from"]["is_bot"] is True
    assert (copy["photo"], copy["caption"]) == (original["photo"], "mijn brief")
    assert not {"forward_origin", "forward_from", "reply_to_message"} & set(copy)
    assert api.calls_to("copyMessage")[0].result == {"message_id": 1}


async def test_copy_message_caption_markup_and_reply(api: BotAPIStandIn, tg: RawClient) -> None:
    sent = resident_files(api)
    api.group_message(GROUP, "nieuwe melding")
    voice_id = sent["voice"]["message_id"]
    relabeled = await tg.call(
        "copyMessage",
        chat_id=GROUP,
        from_chat_id=USER,
        message_id=voice_id,
        caption="Spraakbericht van <i>bewoner</i>",
        parse_mode="HTML",
        reply_markup=KEYBOARD,
        reply_parameters={"message_id": 1},
        protect_content=True,
    )
    copy = api.sent_to(GROUP)[-1]
    assert copy["message_id"] == relabeled.result["message_id"]
    assert copy["voice"] == sent["voice"]["voice"] and copy["caption"] == "Spraakbericht van bewoner"
    assert copy["caption_entities"] == [{"type": "italic", "offset": 18, "length": 7}]
    assert copy["reply_markup"] == KEYBOARD and copy["reply_to_message"]["text"] == "nieuwe melding"
    assert copy["has_protected_content"] is True
    photo_id = sent["photo"]["message_id"]
    await tg.call("copyMessage", chat_id=GROUP, from_chat_id=USER, message_id=photo_id, caption="")
    assert "caption" not in api.sent_to(GROUP)[-1]
    text = api.private_message(USER, "/start nu")["message"]
    await tg.call("copyMessage", chat_id=GROUP, from_chat_id=USER, message_id=text["message_id"], caption="x")
    assert api.sent_to(GROUP)[-1]["text"] == "/start nu"  # a caption does not apply to text
    assert api.sent_to(GROUP)[-1]["entities"] == text["entities"]


async def test_copy_message_rules(api: BotAPIStandIn, tg: RawClient) -> None:
    sent = resident_files(api)
    photo_id = sent["photo"]["message_id"]
    missing = await tg.call("copyMessage", chat_id=GROUP, from_chat_id=USER, message_id=99)
    assert (missing.status, missing.description) == (400, "Bad Request: message to copy not found")
    from_wrong_chat = await tg.call("copyMessage", chat_id=USER, from_chat_id=GROUP, message_id=photo_id)
    assert from_wrong_chat.description == "Bad Request: message to copy not found"
    unknown = await tg.call("copyMessage", chat_id=GROUP, from_chat_id=5555, message_id=photo_id)
    assert unknown.description == "Bad Request: chat not found"
    long_caption = await tg.call(
        "copyMessage", chat_id=GROUP, from_chat_id=USER, message_id=photo_id, caption="a" * 1025
    )
    assert long_caption.description == "Bad Request: message caption is too long"
    await tg.call("deleteMessage", chat_id=USER, message_id=photo_id)
    deleted = await tg.call("copyMessage", chat_id=GROUP, from_chat_id=USER, message_id=photo_id)
    assert deleted.description == "Bad Request: message to copy not found"
    voice_id = sent["voice"]["message_id"]
    api.block(GROUP)
    kicked = await tg.call("copyMessage", chat_id=GROUP, from_chat_id=USER, message_id=voice_id)
    assert (kicked.status, kicked.description) == (403, "Forbidden: bot was kicked from the group chat")
    api.unblock(GROUP)
    api.set_limits(chat_burst=1)
    assert (await tg.call("copyMessage", chat_id=GROUP, from_chat_id=USER, message_id=voice_id)).status == 200
    limited = await tg.call("copyMessage", chat_id=GROUP, from_chat_id=USER, message_id=voice_id)
    assert (limited.status, limited.body["parameters"]) == (429, {"retry_after": 1})
    assert len(api.sent_to(GROUP)) == 1


async def test_service_messages_cannot_be_copied(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    api.message_with(GROUP, new_chat_title="Sleutelfiguren Almere")
    refused = await tg.call("copyMessage", chat_id=USER, from_chat_id=GROUP, message_id=1)
    assert refused.description == "Bad Request: message can't be copied"


# -- fault injection -------------------------------------------------------------------------------


async def test_fail_next_answers_with_telegram_errors_and_no_effect(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    api.fail_next("sendmessage", code=429, retry_after=7)
    api.fail_next("sendMessage", code=502)
    api.fail_next("sendMessage", code=500, count=2)
    api.fail_next("sendMessage", code=403, description="Forbidden: user is deactivated")
    flood = await send(tg)
    assert (flood.status, flood.body) == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 7",
            "parameters": {"retry_after": 7},
        },
    )
    assert (await send(tg)).description == "Bad Gateway"
    assert (await send(tg)).description == "Internal Server Error"
    assert (await send(tg)).status == 500
    assert (await send(tg)).description == "Forbidden: user is deactivated"
    assert (await send(tg, "eindelijk")).result["text"] == "eindelijk"
    assert [m["text"] for m in api.sent_to(USER)] == ["eindelijk"]
    assert api.errors() == []
    api.assert_no_errors()
    injected = api.injected_errors()
    assert [(c.method, c.error_code, c.injected, c.ok) for c in injected] == [
        ("sendMessage", code, True, False) for code in (429, 502, 500, 500, 403)
    ]


async def test_fail_next_defaults_and_other_methods(api: BotAPIStandIn, tg: RawClient) -> None:
    resident_files(api)
    api.fail_next("copyMessage", code=429)
    api.fail_next("getUpdates", code=409)
    copied = await tg.call("copyMessage", chat_id=GROUP, from_chat_id=USER, message_id=1)
    assert copied.body["parameters"] == {"retry_after": 1}
    conflict = await tg.call("getUpdates", timeout=0)
    assert conflict.description.startswith("Conflict: terminated by other getUpdates request")
    assert (await tg.call("copyMessage", chat_id=GROUP, from_chat_id=USER, message_id=1)).status == 200
    await send(tg, "<p>", parse_mode="HTML")  # a real refusal still counts
    assert [c.method for c in api.errors()] == ["sendMessage"]
    with pytest.raises(ValueError, match="no method 'sendTelepathy'"):
        api.fail_next("sendTelepathy", code=500)
    with pytest.raises(ValueError, match="needs an HTTP error code"):
        api.fail_next("sendMessage", code=200)


async def test_delay_next_answers_late_but_the_call_takes_effect(api: BotAPIStandIn, tg: RawClient) -> None:
    api.private_message(USER, "hoi")
    api.delay_next("sendMessage", 0.5)
    with pytest.raises(asyncio.TimeoutError):
        async with tg.session.post(
            tg.url("sendMessage"),
            data={"chat_id": str(USER), "text": "traag"},
            timeout=aiohttp.ClientTimeout(total=0.1),
        ) as response:
            await response.read()
    assert [m["text"] for m in await api.wait_for_messages(USER, 1, timeout=1)] == ["traag"]
    loop = asyncio.get_running_loop()
    started = loop.time()
    api.delay_next("sendMessage", 0.2)
    assert (await send(tg, "wacht")).result["text"] == "wacht"
    assert loop.time() - started >= 0.2
    assert (await send(tg, "snel")).status == 200
    assert len(api.calls_to("sendMessage")) == 3


# -- PTB -------------------------------------------------------------------------------------------


async def test_ptb_copies_sends_files_and_sees_injected_faults(api: BotAPIStandIn) -> None:
    sent = resident_files(api)
    api.fail_next("copyMessage", code=429, retry_after=3)
    api.fail_next("sendPhoto", code=502)
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
            await bot.copy_message(GROUP, USER, sent["voice"]["message_id"])
        copied = await bot.copy_message(GROUP, USER, sent["voice"]["message_id"], caption="van bewoner")
        assert isinstance(copied, MessageId) and copied.message_id == 1
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_photo(GROUP, "resident-photo")
        photo = await bot.send_photo(GROUP, "resident-photo", caption="Foto")
        assert photo.photo[-1].file_id == "resident-photo" and photo.caption == "Foto"
        upload = await bot.send_document(GROUP, b"hallo", filename="brief.txt")
        assert upload.document is not None and upload.document.file_name == "brief.txt"
    assert [m.get("caption") for m in api.sent_to(GROUP)] == ["van bewoner", "Foto", None]
    api.assert_no_errors()


# -- duplicate delivery ----------------------------------------------------------------------------


async def test_redeliver_returns_a_confirmed_update_once_more(api: BotAPIStandIn, tg: RawClient) -> None:
    update = api.private_message(USER, "hoi")
    later = api.private_message(USER, "nog iets")
    assert [u["update_id"] for u in (await tg.call("getUpdates", timeout=0)).result] == [1, 2]
    assert (await tg.call("getUpdates", offset=3, timeout=0)).result == []
    again = api.redeliver(update)
    assert again == update
    assert (await tg.call("getUpdates", offset=3, timeout=0)).result == [update]
    assert (await tg.call("getUpdates", offset=2, timeout=0)).result == []  # confirmed for good now
    pending = api.private_message(USER, "nog niet bevestigd")
    assert (await tg.call("getUpdates", offset=3, timeout=0)).result == [pending]
    api.redeliver(pending)  # delivered but not yet confirmed: once more, not twice
    assert (await tg.call("getUpdates", offset=4, timeout=0)).result == [pending]
    assert (await tg.call("getUpdates", offset=4, timeout=0)).result == []
    with pytest.raises(ValueError, match="queued before"):
        api.redeliver({"update_id": 99, "message": later["message"]})
    with pytest.raises(ValueError, match="queued before"):
        api.redeliver({"message": later["message"]})
