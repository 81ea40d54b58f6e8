import json

import pytest

from bot.channels.inbound import MAX_MESSAGE_CHARS, BadRequest, is_blank, parse_rest_body


def body(obj):
    return json.dumps(obj).encode()


def test_valid_body():
    inbound = parse_rest_body(body({"sender": "u1", "message": "你好", "metadata": {"a": 1}}))
    assert (inbound.sender, inbound.text, inbound.metadata) == ("u1", "你好", {"a": 1})


def test_numeric_sender_is_accepted_as_text():
    assert parse_rest_body(body({"sender": 42, "message": "hi"})).sender == "42"


@pytest.mark.parametrize(
    "raw, status",
    [
        (b"", 400), (b"not json", 400), (b"[1, 2]", 400), (b'"text"', 400), (b"\xff\xfe", 400),
        (body({"message": "hi"}), 400), (body({"sender": "", "message": "hi"}), 400),
        (body({"sender": "u", "message": 5}), 400), (body({"sender": "u", "message": ["a"]}), 400),
        (body({"sender": "u" * 500, "message": "hi"}), 400), (body({"sender": "u", "message": "hi", "metadata": []}), 400),
        (body({"sender": "u", "message": "长" * (MAX_MESSAGE_CHARS + 1)}), 413),
    ],
)
def test_bad_bodies_are_refused_with_a_reason(raw, status):
    with pytest.raises(BadRequest) as error:
        parse_rest_body(raw)
    assert error.value.status == status
    assert str(error.value)


@pytest.mark.parametrize("text, blank", [("", True), (" \n\t", True), ("\x00\x07", True), ("\u200b", True), ("😀", False), ("a", False)])
def test_is_blank(text, blank):
    assert is_blank(text) is blank
