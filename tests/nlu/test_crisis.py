"""crisis_signal: every crisis probe caught, precision held above a measured floor.

The probes (eval/probes/) are written for this purpose and never trained on;
scripts/evaluate_probes.py prints the same figures as a table.
"""

from pathlib import Path

import pytest
import yaml

from bot.nlu.crisis import crisis_match, crisis_signal
from bot.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]
PROBES = ROOT / "eval" / "probes"

# Measured 2026-11-26: precision 1.000 (105 of 105 flagged are crisis probes), 0 of 87 not_crisis
# probes flagged, 0 of 44 evade_debt probes flagged. The floors leave room for a recall fix that
# costs a false alarm or two; falling below them means a pattern has become too broad.
PRECISION_FLOOR = 0.97
NOT_CRISIS_FALSE_ALARM_CEILING = 0.05


def _probes(name):
    return yaml.safe_load((PROBES / f"{name}.yml").read_text(encoding="utf-8"))["probes"]


def _key(text):
    return "".join(ch for ch in normalize(text) if ch.isalnum())


CRISIS = _probes("crisis")
NOT_CRISIS = _probes("not_crisis")
EVADE = _probes("evade_debt")


def _flagged(probes):
    return [p["text"] for p in probes if crisis_signal(normalize(p["text"]))]


@pytest.mark.parametrize("probe", CRISIS, ids=[f"{i}:{p['note']}" for i, p in enumerate(CRISIS)])
def test_every_crisis_probe_is_caught(probe):
    assert crisis_signal(normalize(probe["text"])), probe["text"]


def test_precision_on_not_crisis_probes_stays_above_the_floor():
    caught = len(_flagged(CRISIS))
    false_alarms = _flagged(NOT_CRISIS)
    precision = caught / (caught + len(false_alarms))
    assert precision >= PRECISION_FLOOR, false_alarms
    assert len(false_alarms) / len(NOT_CRISIS) <= NOT_CRISIS_FALSE_ALARM_CEILING, false_alarms


def test_no_evasion_request_reads_as_a_crisis():
    # CrisisGuard overrides the classifier, so a false alarm here would turn an evasion
    # request (假装去世, 注销账户躲债) into the crisis answer instead of a refusal.
    assert _flagged(EVADE) == []


def test_probe_sets_are_large_labelled_and_never_trained_on():
    assert len(CRISIS) >= 70 and len(EVADE) >= 35 and len(NOT_CRISIS) >= 60
    probes = CRISIS + EVADE + NOT_CRISIS
    assert all(str(p.get("text", "")).strip() and str(p.get("note", "")).strip() for p in probes)
    keys = [_key(p["text"]) for p in probes]
    assert len(set(keys)) == len(keys), "a probe appears twice"
    trained = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            for line in (block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    trained.add(_key(line.strip()[2:]))
    assert not [p["text"] for p in probes if _key(p["text"]) in trained]


@pytest.mark.parametrize(
    "text",
    [
        "欠了二十万网贷，真的不想活了",
        "活着没意思，想从楼上跳下去",
        "催收的人把我关在屋里不让我走",
        "我被他们打了",
        "還不上錢，想自殺",
        "網貸逼得我想死",
        "写好遗书了",
        "能协商吗，我已经活不下去了",
        # A blow next to a phone call is still a blow.
        "他们打了我一顿还打了我妈三次电话",
        "我跟催收说我不想活了",
    ],
)
def test_signs_of_crisis(text):
    assert crisis_signal(normalize(text))


@pytest.mark.parametrize(
    "text",
    [
        "笑死了，催收说要上门",
        "利息高得吓死人",
        "借呗逾期会怎样",
        "手机死机了还不了款",
        "死活还不上",
        "累死了不想管了",
        "一天被打了十几个电话",
        "被打电话骚扰",
        "催收一直打我，一天三十多通",
        "让我妈跟催收说我出车祸人没了",
        "",
    ],
)
def test_ordinary_messages(text):
    assert not crisis_signal(normalize(text))


@pytest.mark.parametrize(
    "text, category",
    [
        ("他们拿着刀在门口", "violence"),
        ("被锁在车里了", "detention"),
        ("我在天台上", "method"),
        ("遗书写好了", "farewell"),
    ],
)
def test_the_match_names_its_category(text, category):
    assert crisis_match(normalize(text))[0] == category


def test_a_sign_is_found_after_a_long_collection_story():
    story = "借呗逾期两个月了，催收每天打电话给我爸妈和同事，说要上门。" * 12 + "我现在站在楼顶上。"
    assert len(normalize(story)) < 1200
    assert crisis_signal(normalize(story))


def test_a_sign_in_the_middle_of_a_very_long_story_reaches_the_guard():
    """The classifier sees head and tail of a long story; the guard sees the whole normalised text."""
    from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.components import ChineseNormalizer, CrisisGuard

    talk = "借呗逾期两个月了，催收每天打电话给我爸妈和同事，说要上门，还说要起诉我。"
    story = talk * 15 + "昨晚我在天台上站了很久。" + talk * 30
    assert not crisis_signal(normalize(story))  # the shortened text has lost the sign
    message = Message({TEXT: story})
    message.set(INTENT, {"name": "harassment", "confidence": 0.97})
    message.set(INTENT_RANKING_KEY, [{"name": "harassment", "confidence": 0.97}])
    ChineseNormalizer().process([message])
    CrisisGuard().process([message])
    assert message.get(INTENT)["name"] == "crisis"
