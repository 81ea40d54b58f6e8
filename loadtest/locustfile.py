"""People talking to 债答: each locust user holds one conversation at a time, going through a realistic Chinese
script turn by turn (a reply is read, then the next message typed), then starts another conversation.

Run by scripts/load_test.py with locust from .venv-tools (it must not import Rasa or the project). Every finished
conversation is appended to $ZHAIDA_LOAD_LOG as one JSON line: its session token and each turn's message, HTTP
status, reply texts and latency, so the tracker store can be checked against it afterwards, event by event.
"""

from __future__ import annotations

import json
import os
import random
import time

from locust import HttpUser, between, events, task

# Written for this test in the project's own words; the plan scripts go through the repayment form.
SCRIPTS: list[list[str]] = [
    ["你好", "借呗逾期了三天会影响征信吗", "那逾期记录要多久才能消掉", "谢谢"],
    ["催收天天打电话给我妈，这样合法吗", "他们还说要上门找我", "我要去哪里投诉", "好的，谢谢你"],
    ["借呗欠了两万三，逾期45天，每月工资六千，房租两千", "不知道"],
    ["帮我算一下还款方案", "借呗", "两万多", "好几个月", "一个半月", "万分之五", "月入六千", "房租两千"],
    ["收到短信说律师要起诉我，是真的吗", "怎么核实是不是真的", "要是真被起诉了会怎么样"],
    ["花呗逾期一天算逾期吗", "还款日当天几点前还都算按时", "自动扣款没扣成功怎么办"],
    ["微粒贷实在还不上了能协商吗", "能不能停息挂账", "协商之前要准备些什么"],
    ["信用卡欠了五万还不上会坐牢吗", "银行说要起诉我", "法院判了以后会怎样"],
    ["京东白条逾期两个月了", "利息这么高合法吗", "我该怎么跟他们谈"],
]
LOG = os.environ.get("ZHAIDA_LOAD_LOG", "conversations.jsonl")
THINK = [float(x) for x in os.environ.get("ZHAIDA_LOAD_THINK", "1,3").split(",")]


class Person(HttpUser):
    wait_time = between(THINK[0], THINK[1])

    def on_start(self) -> None:
        self._begin()

    def _begin(self) -> None:
        self.script = random.choice(SCRIPTS)
        self.token: str | None = None
        self.turns: list[dict] = []

    def _finish(self) -> None:
        if self.turns:
            with open(LOG, "a", encoding="utf-8") as out:
                out.write(json.dumps({"token": self.token, "turns": self.turns}, ensure_ascii=False) + "\n")
        self._begin()

    @task
    def turn(self) -> None:
        message = self.script[len(self.turns)]
        started = time.perf_counter()
        with self.client.post(
            "/webhooks/rest/webhook",
            json={"sender": self.token, "message": message},
            name="turn",
            catch_response=True,
            timeout=60,
        ) as reply:
            elapsed = time.perf_counter() - started
            texts: list[str] = []
            if reply.status_code == 200:
                self.token = reply.headers.get("X-Zhaida-Session", self.token)
                texts = [m["text"] for m in reply.json() if m.get("text")]
                if not texts:
                    reply.failure("an empty answer")
            else:
                reply.failure(f"HTTP {reply.status_code}")
        self.turns.append({"sent": message, "status": reply.status_code, "replies": texts, "seconds": elapsed})
        if len(self.turns) == len(self.script) or self.token is None:
            self._finish()

    def on_stop(self) -> None:
        self._finish()


@events.quitting.add_listener
def _quiet(environment, **_kwargs) -> None:
    environment.process_exit_code = 0  # scripts/load_test.py judges the run from the log and the tracker store
