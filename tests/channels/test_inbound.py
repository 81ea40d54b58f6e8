"""The input contract: what every channel refuses before Rasa or the database sees it."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.inbound import (
    MAX_JSON_DEPTH,
    MAX_MESSAGE_CHARS,
    BadRequest,
    check_id,
    check_text,
    clean_metadata,
    is_blank,
    parse_json,
    parse_rest_body,
)


def body(obj):
    return json.dumps(obj).encode()


def test_valid_body():
    inbound = parse_rest_body(body({"sender": "u1", "message": "你好", "metadata": {"client": "web", "a": 1}}))
    assert (inbound.token, inbound.text, inbound.metadata) == ("u1", "你好", {"client": "web"})


def test_a_missing_sender_is_a_new_conversation_not_an_error():
    assert parse_rest_body(body({"message": "hi"})).token is None


def test_numeric_sender_is_accepted_as_text():
    assert parse_rest_body(body({"sender": 42, "message": "hi"})).token == "42"


@pytest.mark.parametrize(
    "raw, status",
    [
        (b"", 400),
        (b"not json", 400),
        (b"[1, 2]", 400),
        (b'"text"', 400),
        (b"\xff\xfe", 400),
        (body({"sender": "", "message": "hi"}), 400),
        (body({"sender": "u", "message": 5}), 400),
        (body({"sender": "u", "message": ["a"]}), 400),
        (body({"sender": "u" * 500, "message": "hi"}), 400),
        (body({"sender": "u", "message": "hi", "metadata": []}), 400),
        (body({"sender": "u", "message": "长" * (MAX_MESSAGE_CHARS + 1)}), 413),
        # The request that once ended the server: a lone surrogate in the sender, valid JSON.
        (b'{"sender": "x\\udc00", "message": "hi"}', 400),
        (b'{"sender": "x\\u0000", "message": "hi"}', 400),
        (b'{"sender": "u", "message": "hi\\udc00"}', 400),
        (b"[" * 100_000, 400),
        (b'{"sender": "u", "message": "hi", "metadata": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 400),
        (body({"sender": "u", "message": "hi", "metadata": {"a": [[[[[[[[[[1]]]]]]]]]]}}), 400),
        (b"x" * (300 * 1024), 413),
    ],
)
def test_bad_bodies_are_refused_with_a_reason(raw, status):
    with pytest.raises(BadRequest) as error:
        parse_rest_body(raw)
    assert error.value.status == status
    assert "(" in str(error.value)  # Chinese, then English in brackets


@pytest.mark.parametrize(
    "content_type", [None, "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_only_json_is_accepted_as_json(content_type):
    with pytest.raises(BadRequest) as error:
        parse_json(body({"sender": "u", "message": "hi"}), content_type)
    assert error.value.status == 415


def test_json_with_a_charset_is_json():
    assert parse_json(b"{}", "application/json; charset=utf-8") == {}


@pytest.mark.parametrize("value", ["w" + "0" * 32 + ".abc", "openid_oAbC-123", "user@corp", "a:b"])
def test_safe_ids_pass(value):
    assert check_id(value) == value


@pytest.mark.parametrize(
    "value", ["", " ", "a b", "<script>", "x\udc00", "x\x00", "中文", "a" * 129, None, [], {}, True]
)
def test_unsafe_ids_are_refused(value):
    with pytest.raises(BadRequest):
        check_id(value)


def test_metadata_is_cut_to_the_allow_list():
    assert clean_metadata({"client": "web", "user": "13812345678", "x": {"y": 1}}) == {"client": "web"}
    assert clean_metadata({"client": "<script>"}) == {}
    assert clean_metadata(None) == {}


@pytest.mark.parametrize(
    "text, blank", [("", True), (" \n\t", True), ("\x00\x07", True), ("\u200b", True), ("😀", False), ("a", False)]
)
def test_is_blank(text, blank):
    assert is_blank(text) is blank


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=2000),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.dictionaries(st.sampled_from(["sender", "message", "metadata"]), json_values).map(
            lambda d: json.dumps(d).encode()
        ),
    )
)
def test_any_body_is_a_message_or_a_refusal(raw):
    """Whatever arrives, the contract answers with a message that satisfies it, or with a 4xx."""
    try:
        inbound = parse_rest_body(raw)
    except BadRequest as error:
        assert 400 <= error.status < 500
        return
    assert inbound.token is None or check_id(inbound.token)
    assert check_text(inbound.text) == inbound.text
    assert set(inbound.metadata) <= {"client"}


def test_depth_limit_is_the_documented_one():
    nested = {"sender": "u", "message": "hi", "metadata": {}}
    inner = nested["metadata"]
    for _ in range(MAX_JSON_DEPTH - 2):
        inner["k"] = {}
        inner = inner["k"]
    parse_rest_body(body(nested))
    inner["k"] = {}
    with pytest.raises(BadRequest):
        parse_rest_body(body(nested))
