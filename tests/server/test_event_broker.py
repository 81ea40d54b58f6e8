"""Conversation events reach RabbitMQ through Rasa's event broker, masked (bot/runtime_endpoints.py)."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
import requests

from bot import local_servers

pytestmark = pytest.mark.server
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672/"


async def drain(queue_name: str, seconds: float = 20) -> list[dict]:
    import aio_pika

    connection = await aio_pika.connect_robust(RABBITMQ)
    bodies: list[dict] = []
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(queue_name, durable=True)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while loop.time() < deadline:
            message = await queue.get(fail=False)
            if message is None:
                if any(b.get("event") == "bot" for b in bodies):
                    break
                await asyncio.sleep(0.3)
                continue
            await message.ack()
            bodies.append(json.loads(message.body))
    return bodies


@pytest.fixture(scope="module")
def broker_servers(tmp_path_factory, model_path):
    if not local_servers.port_open(5672):
        pytest.skip("no RabbitMQ at 127.0.0.1:5672")
    queue = f"zhaida-test-{uuid.uuid4().hex[:8]}"
    env = {"ZHAIDA_RABBITMQ_URL": RABBITMQ, "ZHAIDA_RABBITMQ_QUEUE": queue}
    try:
        running = local_servers.start(tmp_path_factory.mktemp("broker"), env)
    except local_servers.StartError as error:
        pytest.fail(str(error))
    yield running, queue
    assert running.stop() == 0


def test_events_reach_the_queue_masked(broker_servers):
    servers, queue = broker_servers
    reply = requests.post(
        f"{servers.base}/webhooks/rest/webhook", json={"message": "借呗逾期了，我电话13812345678"}, timeout=60
    )
    assert reply.status_code == 200
    conversation = reply.headers["X-Zhaida-Session"].split(".")[0]
    bodies = [b for b in asyncio.run(drain(queue)) if b.get("sender_id") == conversation]
    kinds = {b.get("event") for b in bodies}
    assert {"user", "bot"} <= kinds
    [user] = [b for b in bodies if b.get("event") == "user"]
    assert "借呗逾期了" in user["text"] and "13812345678" not in json.dumps(bodies, ensure_ascii=False)
    private = (servers.var / "run" / "endpoints.yml").stat().st_mode & 0o777
    assert private == 0o600
