"""socket.io transports against the running server, on the dependency set we pin.

python-socketio 5.16 / python-engineio 4.13 fix two server-side denial-of-service advisories
(CVE-2026-48804, CVE-2026-48802). engineio's asyncio *client* over websockets needs aiohttp 3.11
(`aiohttp.ClientWSTimeout`), which Rasa 3.6 forbids; the widget and the threaded client (with
websocket-client) use websockets, and the asyncio client still works over long-polling.
docs/security-dependencies.md has the whole trade-off.
"""

from __future__ import annotations

import asyncio
import queue
from importlib.metadata import version

import pytest
import socketio

pytestmark = pytest.mark.server

SOCKETIO_PATH = "/socket.io"
TIMEOUT = 30


def release(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version(name).split(".")[:3])


def test_the_server_side_packages_carry_the_advisory_fixes():
    assert release("python-engineio") >= (4, 13, 2)
    assert release("python-socketio") >= (5, 16, 2)


def test_sync_client_talks_over_websocket(servers):
    client = socketio.Client(reconnection=False)
    confirmed: queue.Queue = queue.Queue()
    replies: queue.Queue = queue.Queue()
    client.on("session_confirm", confirmed.put)
    client.on("bot_uttered", replies.put)
    client.connect(servers.base, socketio_path=SOCKETIO_PATH, transports=["websocket"], wait_timeout=TIMEOUT)
    try:
        transport = client.transport()
        client.emit("session_request", {"session_id": None})
        token = confirmed.get(timeout=TIMEOUT)
        client.emit("user_uttered", {"message": "逾期记录多久能消", "session_id": token})
        first = replies.get(timeout=60)
    finally:
        client.disconnect()
    assert transport == "websocket"
    assert isinstance(token, str) and "." in token
    assert first.get("text")


def test_async_client_gets_a_session_over_polling(servers):
    async def handshake() -> tuple[object, str]:
        client = socketio.AsyncClient(reconnection=False)
        confirmed: asyncio.Future = asyncio.get_running_loop().create_future()

        @client.on("session_confirm")
        async def on_confirm(data):
            if not confirmed.done():
                confirmed.set_result(data)

        await client.connect(servers.base, socketio_path=SOCKETIO_PATH, transports=["polling"], wait_timeout=TIMEOUT)
        try:
            transport = client.transport()
            await client.emit("session_request", {"session_id": None})
            return await asyncio.wait_for(confirmed, TIMEOUT), transport
        finally:
            await client.disconnect()

    session, transport = asyncio.run(handshake())
    assert transport == "polling"
    assert isinstance(session, str) and session.strip()
