import os
import subprocess

from bot.settings import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "scripts" / "find_python.sh"


def test_finds_a_python_310():
    out = subprocess.run([str(SCRIPT)], capture_output=True, text=True, check=True).stdout.strip()
    version = subprocess.run(
        [out, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True
    ).stdout
    assert version.strip() == "(3, 10)"


def test_says_how_to_get_one_when_there_is_none(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "nopyenv")}
    if any(os.path.exists(p) for p in ("/usr/bin/python3.10", "/usr/local/bin/python3.10")):
        import pytest

        pytest.skip("this machine has a system Python 3.10")
    result = subprocess.run([str(SCRIPT)], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "pyenv install 3.10" in result.stderr
