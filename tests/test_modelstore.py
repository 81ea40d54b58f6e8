import shutil

from bot import modelstore
from bot.settings import PROJECT_ROOT


def copy_sources(tmp_path):
    for name in ("config.yml", "domain.yml"):
        shutil.copy2(PROJECT_ROOT / name, tmp_path / name)
    shutil.copytree(PROJECT_ROOT / "data", tmp_path / "data")
    shutil.copytree(PROJECT_ROOT / "bot" / "nlu", tmp_path / "bot" / "nlu")
    return tmp_path


def test_fingerprint_follows_training_inputs_only(tmp_path):
    root = copy_sources(tmp_path)
    before = modelstore.fingerprint(root)
    assert modelstore.fingerprint(root) == before
    (root / "README.md").write_text("docs do not shape the model")
    (root / "pyproject.toml").write_text("[project]\nname = 'packaging metadata does not either'\n")
    assert modelstore.fingerprint(root) == before
    with open(root / "data" / "nlu" / "greet.yml", "a", encoding="utf-8") as f:
        f.write("    - 嗨债答\n")
    assert modelstore.fingerprint(root) != before


def test_dictionary_changes_retrain(tmp_path):
    root = copy_sources(tmp_path)
    before = modelstore.fingerprint(root)
    with open(root / "bot" / "nlu" / "resources" / "jieba" / "domain.txt", "a", encoding="utf-8") as f:
        f.write("新词\n")
    assert modelstore.fingerprint(root) != before


def test_cached_model_is_copied_in(tmp_path, monkeypatch):
    root = copy_sources(tmp_path)
    cache = tmp_path / "cache"
    monkeypatch.setenv("ZHAIDA_MODEL_CACHE", str(cache))
    assert modelstore.current_model(root) is None
    cache.mkdir()
    name = modelstore.model_name(root) + ".tar.gz"
    (cache / name).write_bytes(b"model")
    found = modelstore.current_model(root)
    assert found == root / "models" / name and found.read_bytes() == b"model"
