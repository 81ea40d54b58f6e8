"""The sections the launcher adds to endpoints.yml when Redis or RabbitMQ is configured."""

import pytest
import yaml

from bot.runtime_endpoints import broker_section, endpoints_file, lock_store_section
from bot.settings import PROJECT_ROOT


def test_without_a_url_rasa_gets_endpoints_yml_itself(tmp_path):
    base = PROJECT_ROOT / "endpoints.yml"
    assert endpoints_file(base, tmp_path, {}) == base


def test_with_a_url_a_private_copy_carries_the_broker(tmp_path):
    env = {"ZHAIDA_RABBITMQ_URL": "amqp://zh%40da:p%3Ass:w@mq.internal:5673/", "ZHAIDA_RABBITMQ_QUEUE": "events"}
    path = endpoints_file(PROJECT_ROOT / "endpoints.yml", tmp_path / "run", env)
    assert path.stat().st_mode & 0o777 == 0o600
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert spec["event_broker"] == {
        "type": "pika",
        "url": "mq.internal",
        "port": 5673,
        "username": "zh@da",
        "password": "p:ss:w",
        "queues": ["events"],
        "raise_on_failure": False,
    }
    assert "${ZHAIDA_ACTIONS_PORT}" in path.read_text(encoding="utf-8")  # the rest is endpoints.yml as it is


@pytest.mark.parametrize("url", ["http://mq:5672", "amqp://", "mq.internal"])
def test_a_url_that_is_not_amqp_is_refused(url):
    with pytest.raises(ValueError):
        broker_section(url)


def test_a_redis_url_adds_the_lock_store_beside_the_broker(tmp_path):
    env = {"ZHAIDA_REDIS_URL": "redis://:s3cret@cache.internal:6380/3", "ZHAIDA_RABBITMQ_URL": "amqp://mq"}
    spec = yaml.safe_load(endpoints_file(PROJECT_ROOT / "endpoints.yml", tmp_path, env).read_text(encoding="utf-8"))
    assert spec["lock_store"] == {
        "type": "bot.lock_store.AtomicRedisLockStore",
        "url": "cache.internal",
        "port": 6380,
        "db": 3,
        "key_prefix": "zhaida",
        "use_ssl": False,
        "password": "s3cret",
    }
    assert spec["event_broker"]["url"] == "mq"


@pytest.mark.parametrize("url", ["http://cache", "redis://", "redis://cache/zero"])
def test_a_redis_url_that_is_not_one_is_refused(url):
    with pytest.raises(ValueError):
        lock_store_section(url)
