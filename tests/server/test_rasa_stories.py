"""`rasa test core` on conversation stories with user text: NLU and dialogue together."""

import json
import subprocess
import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT

STORIES = PROJECT_ROOT / "tests" / "stories" / "test_stories.yml"


def test_stories_pass(model_path, tmp_path, servers):
    rasa = str(Path(sys.executable).with_name("rasa"))
    result = subprocess.run(
        [
            rasa,
            "test",
            "core",
            "--model",
            str(model_path),
            "--stories",
            str(STORIES),
            "--out",
            str(tmp_path),
            "--endpoints",
            "endpoints.yml",
            "--no-plot",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env=servers.env,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    failed = (tmp_path / "failed_test_stories.yml").read_text(encoding="utf-8")
    assert "story:" not in failed, failed
    report = json.loads((tmp_path / "story_report.json").read_text(encoding="utf-8"))
    assert report["conversation_accuracy"]["accuracy"] == 1.0
