import re

import yaml

from bot.settings import PROJECT_ROOT
from bot.topics import CONTRACT_INTENTS, DEBT_TOPICS, crisis_possible, suggestions, to_contract

CONTRACT = PROJECT_ROOT.parent / "shared" / "intents.md"


def contract_names() -> set[str]:
    text = CONTRACT.read_text(encoding="utf-8")
    names = set(re.findall(r"^\| ([a-z_]+) \|", text, flags=re.M))
    for line in re.findall(r"^\| (greet ·[^|]+)\|", text, flags=re.M):
        names |= {n.strip() for n in line.split("·")}
    return names - {"intent"}


def test_topics_table_is_the_contract():
    if not CONTRACT.exists():
        import pytest

        pytest.skip("../shared/intents.md is not beside this checkout")
    assert set(CONTRACT_INTENTS) == contract_names()


def test_domain_and_training_data_speak_the_contract():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert set(domain["intents"]) == set(CONTRACT_INTENTS)
    trained = set()
    for path in (PROJECT_ROOT / "data" / "nlu").glob("*.yml"):
        trained |= {block["intent"] for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]}
    assert trained == set(CONTRACT_INTENTS)
    for intent in CONTRACT_INTENTS:
        assert to_contract(intent) == intent


def test_every_debt_topic_has_enough_training_examples():
    # An intent may have several blocks (e.g. the examples written from the unlabelled real questions).
    counts: dict[str, int] = dict.fromkeys(DEBT_TOPICS, 0)
    for path in (PROJECT_ROOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if block["intent"] in DEBT_TOPICS:
                counts[block["intent"]] += sum(line.strip().startswith("- ") for line in block["examples"].splitlines())
    assert all(n >= 60 for n in counts.values()), counts


def test_unknown_intents_fall_out_of_scope():
    assert to_contract("something_new") == "out_of_scope"


def test_suggestions_put_likely_debt_topics_first_and_offer_a_human():
    ranking = [("greet", 0.3), ("lawyer_letter", 0.25), ("verify_notice", 0.2), ("credit_report", 0.1)]
    chosen = [intent for intent, _ in suggestions(ranking)]
    assert chosen[:2] == ["lawyer_letter", "verify_notice"]
    assert chosen[-1] == "human_handoff"
    assert len(chosen) == len(set(chosen)) == 4
    assert [i for i, _ in suggestions([])][-1] == "human_handoff"


def test_a_modest_chance_of_crisis_counts_when_unsure():
    assert crisis_possible([("out_of_scope", 0.35), ("crisis", 0.2)])
    assert not crisis_possible([("out_of_scope", 0.35), ("crisis", 0.05)])
