"""The deployment artefacts in deploy/, checked offline: the Dockerfile, compose.yml with nginx.conf, k8s/.

No image is built and no cluster is needed; what the servers serve is read from the apps themselves,
built the way `rasa run` and `python -m bot.action_server` build them.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
VALIDATE = ROOT / ".venv-tools" / "bin" / "kubernetes-validate"
ACTIONS_MODULE = ["python", "-m", "bot.action_server"]
REQUIRED_SHARED = {"ZHAIDA_DATABASE_URL", "ZHAIDA_REDIS_URL", "ZHAIDA_SESSION_SECRET", "ZHAIDA_ACTIONS_TOKEN"}
LOCAL_URL = re.compile(r"http://127\.0\.0\.1:(\d+)(/[^'\"\s]*)")


# --- what the code reads and serves ---------------------------------------------------------------------


def names_the_code_reads() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("actions/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"ZHAIDA_[A-Z0-9_]*[A-Z0-9]", text))
        # The WeChat channels build names from a prefix: env = "ZHAIDA_WECHAT_", then env + "TOKEN".
        prefixes = re.findall(r"\"(ZHAIDA_[A-Z0-9_]*_)\"", text)
        suffixes = re.findall(r"\"([A-Z][A-Z0-9_]*)\"", text)
        names |= {p + s for p in prefixes for s in suffixes}
    return names


READ = names_the_code_reads()


def is_read(name: str) -> bool:
    # "ZHAIDA_WECHAT_*" in prose stands for the names with that prefix.
    return any(n.startswith(name) for n in READ) if name.endswith("_") else name in READ


@pytest.fixture(scope="module")
def routes(tmp_path_factory) -> dict[str, set[str]]:
    """GET paths of the Rasa app as `rasa run` builds it from credentials.yml, and of the action server."""
    script = """
import json
from rasa.core import run
from bot.action_server import create_app

rasa_app = run.configure_app(run.create_http_input_channels(None, "credentials.yml"), enable_api=False)
actions_app = create_app("token")
gets = lambda app: sorted("/" + r.path for r in app.router.routes if "GET" in r.methods)
print(json.dumps({"rasa": gets(rasa_app), "actions": gets(actions_app)}))
"""
    # None of the caller's settings: with ZHAIDA_REDIS_URL the socket.io channel would reach for Redis.
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHAIDA_")}
    env.update(ZHAIDA_VAR_DIR=str(tmp_path_factory.mktemp("var")), TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return {role: set(paths) for role, paths in found.items()}


def served(path: str, paths: set[str]) -> bool:
    # Sanic matches with or without the trailing slash.
    return "/" + path.strip("/") in paths


def launcher_flags() -> set[str]:
    """The literals of the `rasa run` command line bot/launcher.py builds (Servers.start)."""
    tree = ast.parse((ROOT / "bot" / "launcher.py").read_text(encoding="utf-8"))
    start = next(
        f
        for c in tree.body
        if isinstance(c, ast.ClassDef) and c.name == "Servers"
        for f in c.body
        if isinstance(f, ast.FunctionDef) and f.name == "start"
    )
    literals = {n.value for n in ast.walk(start) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return {s for s in literals if s.startswith("--") or s.endswith(".yml")}


def check_snippet(code: str) -> None:
    """A `python -c` program: valid Python whose imports exist."""
    tree = ast.parse(code)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot"):
            module = __import__(node.module, fromlist=[a.name for a in node.names])
            for alias in node.names:
                assert hasattr(module, alias.name), f"{node.module} has no {alias.name}"


def check_rasa_snippet(code: str) -> None:
    check_snippet(code)
    missing = {flag for flag in launcher_flags() if f'"{flag}"' not in code}
    assert not missing, f"the launcher runs rasa with {sorted(missing)}, the deployment does not"
    assert "endpoints_file" in code, "without runtime_endpoints Rasa gets no Redis lock store"


def is_module_command(command: list[str]) -> bool:
    if command[:2] != ["python", "-m"]:
        return False
    module = ROOT.joinpath(*command[2].split("."))
    return module.with_suffix(".py").is_file() or (module / "__main__.py").is_file()


def test_every_zhaida_name_in_deploy_is_read_by_the_code():
    assert "ZHAIDA_SESSION_SECRET" in READ and "ZHAIDA_WECHAT_APPID" in READ  # the scan itself works
    used = {}
    for path in DEPLOY.rglob("*"):
        if path.is_file():
            for name in re.findall(r"ZHAIDA_[A-Z0-9_]*", path.read_text(encoding="utf-8")):
                used.setdefault(name, path.relative_to(ROOT))
    unknown = {name: str(where) for name, where in used.items() if not is_read(name)}
    assert not unknown, f"names nothing in bot/ or actions/ reads: {unknown}"
    assert REQUIRED_SHARED <= set(used)


# --- Dockerfile -----------------------------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    lines = [
        x for x in (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines() if not x.lstrip().startswith("#")
    ]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    return [(m[1].upper(), m[2].strip()) for m in re.finditer(r"^\s*([A-Za-z]+)\s+(.*)$", joined, flags=re.M)]


def final_stage() -> list[tuple[str, str]]:
    steps = dockerfile()
    last = max(i for i, (op, _) in enumerate(steps) if op == "FROM")
    return steps[last:]


def image_env() -> dict[str, str]:
    env = {}
    for op, args in final_stage():
        if op == "ENV":
            env.update(dict(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)=(\S+)", args)))
    return env


def test_the_image_builds_from_python_3_10_and_runs_as_a_user():
    steps = dockerfile()
    bases = [args.split()[0] for op, args in steps if op == "FROM"]
    assert bases and all(re.fullmatch(r"python:3\.10(\.\d+)?-slim\S*", b) for b in bases), bases
    users = [args for op, args in final_stage() if op == "USER"]
    assert users, "the final stage runs as root"
    assert users[-1].split(":")[0] not in ("root", "0")
    install = " ".join(args for op, args in steps if op == "RUN")
    assert re.search(r"pip install (--no-deps )?\.(\s|$)", install), "the project is not installed from pyproject.toml"


def test_the_image_command_and_paths_exist():
    final = final_stage()
    for op in ("CMD", "ENTRYPOINT"):
        for _, args in (s for s in final if s[0] == op):
            command = json.loads(args)
            assert is_module_command(command), f"{op} {command} runs no module of this tree"
    env = image_env()
    workdir = [args for op, args in final if op == "WORKDIR"][-1]
    # bot/settings.py finds data/, migrations/ and the Rasa files beside the bot package it imports.
    assert env["PYTHONPATH"] == workdir
    copied = [args.split() for op, args in final if op == "COPY"]
    model = next(c for c in copied if c[0].startswith("--from=") and c[-1].endswith(".tar.gz"))
    assert env["ZHAIDA_MODEL"] == f"{workdir}/{model[-1]}"
    expose = [args for op, args in final if op == "EXPOSE"]
    assert expose and expose[-1].split()[0] == env["ZHAIDA_RASA_PORT"]
    allowed = {
        x[1:].strip("/")
        for x in (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
        if x.startswith("!")
    }
    for op, args in dockerfile():
        if op == "COPY" and not args.startswith("--from="):
            for source in args.split()[:-1]:
                top = source.strip("/").split("/")[0]
                assert top == "models" or (ROOT / source).exists(), f"COPY {source}: not in the repository"
                assert any(a.split("/")[0] == top for a in allowed), f"COPY {source}: excluded by the dockerignore"
    for required in ("config.yml", "domain.yml", "data/", "bot/", "actions/", "migrations/", "alembic.ini"):
        assert any(required in c[:-1] for c in copied), f"the image lacks {required}"


# --- compose.yml and nginx.conf -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yml").read_text(encoding="utf-8"))


def roles(compose: dict) -> tuple[dict[str, dict], dict[str, dict]]:
    services = compose["services"]
    rasa = {
        n: s
        for n, s in services.items()
        if s.get("command", [])[:2] == ["python", "-c"] and '"rasa", "run"' in s["command"][2]
    }
    actions = {n: s for n, s in services.items() if s.get("command") == ACTIONS_MODULE}
    return rasa, actions


def uninterpolated(value: str) -> str:
    return re.sub(r"\$\{[^}]*\}", "x", value)


def compose_port(value: str) -> int:
    return int(re.sub(r"\$\{[^}]*:-(\d+)\}", r"\1", value))


def nginx_conf() -> str:
    return (DEPLOY / "nginx.conf").read_text(encoding="utf-8")


def test_compose_services_have_images_and_health_checks(compose):
    services = compose["services"]
    for name, service in services.items():
        assert service.get("image") or service.get("build"), f"{name} has neither image nor build"
        # compose would substitute a $ in a command from its own environment.
        assert "$" not in json.dumps(service.get("healthcheck", {})), f"{name}: $ in its health check"
        for key in ("command", "entrypoint"):
            command = service.get(key) or []
            assert "$" not in json.dumps(command), f"{name}: $ in {key}"
            if command[:2] == ["python", "-m"]:
                assert is_module_command(command), f"{name}: {command}"
            if command[:2] == ["python", "-c"]:
                check_snippet(command[2])
    rasa, actions = roles(compose)
    long_running = [*rasa, *actions, "postgres", "redis", "nginx"]
    assert all("healthcheck" in services[n] for n in long_running), long_running


def test_compose_replicas_share_the_database_redis_and_secrets(compose):
    services = compose["services"]
    rasa, actions = roles(compose)
    count = sum(int(s.get("deploy", {}).get("replicas", 1)) for s in rasa.values())
    assert count >= 2, "fewer than two Rasa replicas"
    for name, service in {**rasa, **actions}.items():
        env = service["environment"]
        assert all(is_read(k) for k in env if k.startswith("ZHAIDA_")), name
        assert env["ZHAIDA_DATABASE_URL"].startswith("postgresql://"), name
        assert urlsplit(uninterpolated(env["ZHAIDA_DATABASE_URL"])).hostname in services, name
        redis = urlsplit(uninterpolated(env["ZHAIDA_REDIS_URL"]))
        assert redis.scheme in ("redis", "rediss") and redis.hostname in services, name
    for key in ("ZHAIDA_SESSION_SECRET", "ZHAIDA_ACTIONS_TOKEN"):
        values = {s["environment"][key] for s in {**rasa, **actions}.values()}
        assert len(values) == 1, f"{key} differs between replicas: {values}"
        # From the env file, never written here.
        assert re.fullmatch(r"\$\{" + key + r":\?[^}]*\}", values.pop()), key
    check_rasa_snippet(next(iter(rasa.values()))["command"][2])


def test_compose_ports_and_pairs_agree_with_nginx(compose, routes):
    services = compose["services"]
    rasa, actions = roles(compose)
    conf = nginx_conf()
    upstream = set(re.findall(r"^\s*server\s+([\w.-]+):(\d+)", conf, flags=re.M))
    holders = set()
    for name, service in rasa.items():
        holder = service["network_mode"].removeprefix("service:")
        assert holder in services, name
        # Its action server is reached on 127.0.0.1 (endpoints.yml): it must share the namespace.
        assert any(a.get("network_mode") == service["network_mode"] for a in actions.values()), name
        assert (holder, service["environment"]["ZHAIDA_RASA_PORT"]) in upstream, f"nginx does not send to {holder}"
        holders.add(holder)
        port, path = LOCAL_URL.search(json.dumps(service["healthcheck"]["test"])).groups()
        assert port == service["environment"]["ZHAIDA_RASA_PORT"] and served(path, routes["rasa"]), name
    assert {host for host, _ in upstream} == holders
    for name, service in actions.items():
        port, path = LOCAL_URL.search(json.dumps(service["healthcheck"]["test"])).groups()
        assert port == service["environment"]["ZHAIDA_ACTIONS_PORT"] and served(path, routes["actions"]), name
        assert service["environment"]["ZHAIDA_ACTIONS_HOST"] == "127.0.0.1"
    nginx = services["nginx"]
    assert any(v.split(":")[0] == "./nginx.conf" for v in nginx["volumes"])
    listen = re.search(r"^\s*listen\s+(\d+);", conf, flags=re.M)[1]
    assert [compose_port(p.split(":")[-1]) for p in nginx["ports"]] == [int(listen)]
    assert f"127.0.0.1:{listen}/" in json.dumps(nginx["healthcheck"]["test"])
    tmpfs = set(next(iter(rasa.values()))["tmpfs"])
    assert image_env()["ZHAIDA_VAR_DIR"] in tmpfs and "/tmp" in tmpfs, "a read-only container needs these"


def test_nginx_keeps_a_client_on_one_replica_and_upgrades_websockets():
    conf = nginx_conf()
    upstream = re.search(r"upstream\s+(\w+)\s*\{(.*?)\}", conf, flags=re.S)
    assert re.search(r"^\s*(ip_hash|hash\s+\S+\s+consistent|sticky\b)", upstream[2], flags=re.M)
    assert f"proxy_pass http://{upstream[1]};" in conf
    assert "proxy_http_version 1.1;" in conf
    assert re.search(r"proxy_set_header\s+Upgrade\s+\$http_upgrade;", conf)
    assert re.search(r"proxy_set_header\s+Connection\s+\$connection_upgrade;", conf)
    assert re.search(r"map\s+\$http_upgrade\s+\$connection_upgrade\s*\{[^}]*default\s+upgrade;", conf)


def test_nginx_accepts_the_configuration(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is missing (make nginx); its configuration was checked only by pattern")
    # The replicas' compose names do not resolve here, and nginx's own temp folders may not be writable.
    conf = re.sub(r"(server\s+)[\w.-]+(:\d+)", r"\g<1>127.0.0.1\2", nginx_conf())
    temp = "".join(
        f"  {kind}_temp_path {tmp_path}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = conf.replace("http {\n", "http {\n" + temp, 1)
    (tmp_path / "nginx.conf").write_text(conf, encoding="utf-8")
    command = [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")]
    done = subprocess.run([*command, "-g", f"pid {tmp_path}/nginx.pid;"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr


# --- Kubernetes -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def manifests() -> dict[tuple[str, str], dict]:
    found = {}
    for path in sorted(K8S.iterdir()):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if doc:
                found[(doc["kind"], doc["metadata"]["name"])] = doc
    return found


def test_the_manifests_pass_strict_schema_validation():
    if not VALIDATE.exists():
        pytest.skip(f"{VALIDATE.relative_to(ROOT)} is missing: `make tools` builds it")
    files = sorted(str(p) for p in K8S.iterdir() if p.is_file())
    assert files
    done = subprocess.run([str(VALIDATE), "--strict", *files], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("passed") >= len(files), done.stdout


def of_kind(manifests: dict, kind: str) -> list[dict]:
    return [doc for (k, _), doc in manifests.items() if k == kind]


def rasa_deployment(manifests: dict) -> tuple[dict, dict, dict]:
    """The Deployment running the Rasa server, its rasa container and its action-server container."""
    for deployment in of_kind(manifests, "Deployment"):
        containers = deployment["spec"]["template"]["spec"]["containers"]
        rasa = [
            c for c in containers if c.get("command", [])[:2] == ["python", "-c"] and '"rasa", "run"' in c["command"][2]
        ]
        if rasa:
            actions = [c for c in containers if c.get("command") == ACTIONS_MODULE]
            assert actions, "each Rasa server needs its action server on the pod's loopback (endpoints.yml)"
            return deployment, rasa[0], actions[0]
    raise AssertionError("no Deployment runs `rasa run`")


def container_env(manifests: dict, container: dict) -> dict[str, tuple[str, str]]:
    """Every variable a container gets: name → (source kind, value)."""
    env = {}
    for source in container.get("envFrom", []):
        kind, ref = (
            ("ConfigMap", source["configMapRef"]) if "configMapRef" in source else ("Secret", source["secretRef"])
        )
        doc = manifests.get((kind, ref["name"]))
        assert doc, f"{kind} {ref['name']} is not in deploy/k8s/"
        for key, value in {**doc.get("data", {}), **doc.get("stringData", {})}.items():
            env[key] = (kind, value)
    for item in container.get("env", []):
        env[item["name"]] = ("env", item.get("value", ""))
    return env


def test_the_deployment_gets_what_the_code_reads(manifests):
    deployment, rasa, actions = rasa_deployment(manifests)
    spec = deployment["spec"]["template"]["spec"]
    for container in [*spec.get("initContainers", []), *spec["containers"]]:
        env = container_env(manifests, container)
        unknown = {k for k in env if k.startswith("ZHAIDA_") and not is_read(k)}
        assert not unknown, f"{container['name']}: {unknown}"
        for key in ("command", "args"):
            command = container.get(key) or []
            if command[:2] == ["python", "-m"]:
                assert is_module_command(command), command
            if command[:2] == ["python", "-c"]:
                check_snippet(command[2])
    env = container_env(manifests, rasa)
    missing = REQUIRED_SHARED - set(env)
    assert not missing, missing
    for key in REQUIRED_SHARED:
        assert env[key][0] == "Secret", f"{key} must come from a Secret"
        assert "CHANGE-ME" in env[key][1], f"{key}: a real value in git?"
    assert env["ZHAIDA_DATABASE_URL"][1].startswith("postgresql://")
    assert urlsplit(env["ZHAIDA_REDIS_URL"][1]).scheme in ("redis", "rediss")
    assert container_env(manifests, actions)["ZHAIDA_ACTIONS_TOKEN"] == env["ZHAIDA_ACTIONS_TOKEN"]
    check_rasa_snippet(rasa["command"][2])
    compose_rasa, _ = roles(yaml.safe_load((DEPLOY / "compose.yml").read_text(encoding="utf-8")))
    assert rasa["command"] == next(iter(compose_rasa.values()))["command"], "compose and k8s start Rasa differently"


def test_the_deployment_probes_what_the_servers_serve(manifests, routes):
    deployment, rasa, actions = rasa_deployment(manifests)
    assert deployment["spec"]["replicas"] >= 2
    ports = {p["name"]: p["containerPort"] for p in rasa["ports"]}
    env = container_env(manifests, rasa)
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        check = rasa[probe]["httpGet"]
        assert served(check["path"], routes["rasa"]), f"rasa {probe}: nothing at {check['path']}"
        assert str(ports.get(check["port"], check["port"])) == env["ZHAIDA_RASA_PORT"][1], probe
        port, path = LOCAL_URL.search(" ".join(actions[probe]["exec"]["command"])).groups()
        assert port == env["ZHAIDA_ACTIONS_PORT"][1] and served(path, routes["actions"]), f"actions {probe}"
    # The root filesystem is read-only: Rasa writes its endpoints file under ZHAIDA_VAR_DIR, and /tmp.
    mounts = {m["mountPath"] for m in rasa["volumeMounts"]}
    assert {image_env()["ZHAIDA_VAR_DIR"], "/tmp"} <= mounts
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True


def test_the_service_ingress_hpa_and_budget_reach_the_replicas(manifests):
    deployment, rasa, _ = rasa_deployment(manifests)
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    name = deployment["metadata"]["name"]
    port_names = {p["name"] for p in rasa["ports"]}
    services = {}
    for service in of_kind(manifests, "Service"):
        if service["spec"]["selector"].items() <= labels.items():
            services[service["metadata"]["name"]] = service
            assert {p["targetPort"] for p in service["spec"]["ports"]} <= port_names
    assert services, "no Service selects the Rasa pods"
    ingresses = of_kind(manifests, "Ingress")
    assert ingresses
    for ingress in ingresses:
        notes = ingress["metadata"].get("annotations", {})
        assert notes.get("nginx.ingress.kubernetes.io/affinity") == "cookie", "no session affinity"
        assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) > 25, "shorter than socket.io's ping"
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                service = services.get(backend["name"])
                assert service, f"the Ingress sends to {backend['name']}, which serves no Rasa pod"
                assert backend["port"].get("name") in {p["name"] for p in service["spec"]["ports"]} or backend[
                    "port"
                ].get("number") in {p["port"] for p in service["spec"]["ports"]}
    hpa = of_kind(manifests, "HorizontalPodAutoscaler")
    assert hpa and all(h["spec"]["scaleTargetRef"]["name"] == name for h in hpa)
    assert all(h["spec"]["minReplicas"] >= 2 for h in hpa)
    budgets = of_kind(manifests, "PodDisruptionBudget")
    assert budgets and all(b["spec"]["selector"]["matchLabels"].items() <= labels.items() for b in budgets)
