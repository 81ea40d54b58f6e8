"""`make run-prod`: the production profile on one machine, from proven parts.

- Two (ZHAIDA_REPLICAS) Rasa replicas, each started by the ordinary launcher with its own action server,
  and restarted by it when it dies.
- PostgreSQL for conversations, the knowledge base and tickets (ZHAIDA_DATABASE_URL; by default the
  database `zhaida` on 127.0.0.1, created when missing).
- Redis (ZHAIDA_REDIS_URL) for Rasa's lock store, the socket.io relay between replicas and the rate limit.
- nginx in front on ZHAIDA_PROD_PORT (default 8080): websockets upgraded, a client kept on one replica
  (consistent hash of its address, which socket.io's long-polling needs), and the next replica tried
  when one fails, so a replica can die without the conversation noticing.

Everything a replica must share is shared: the session secret, the API token, the database, Redis.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from bot import local_servers, settings

DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/zhaida"
DEFAULT_REDIS = "redis://127.0.0.1:6379/1"
READY = b"zhaida-prod is ready"

NGINX_CONF = """worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 2048; }}
http {{
  log_format upstreams '$remote_addr [$time_local] "$request" $status upstream=$upstream_addr';
  access_log {dir}/access.log upstreams;
  client_body_temp_path {dir}/tmp/body;
  proxy_temp_path {dir}/tmp/proxy;
  fastcgi_temp_path {dir}/tmp/fastcgi;
  uwsgi_temp_path {dir}/tmp/uwsgi;
  scgi_temp_path {dir}/tmp/scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  # socket.io's long-polling needs every request of a client on one replica: a consistent hash of its address.
  upstream zhaida_sticky {{
    hash $remote_addr consistent;
{servers}
  }}
  # A REST or WeChat turn can go to any replica (the Redis lock store orders a conversation's turns and
  # PostgreSQL holds it), so these spread by load: many clients behind one address no longer share a replica.
  upstream zhaida_any {{
    least_conn;
{servers}
  }}
  server {{
    listen {host}:{port};
    client_max_body_size 1m;
    location ~ ^/webhooks/(rest|wechat|wecom)/ {{
      proxy_pass http://zhaida_any;
{proxy}
    }}
    location / {{
      proxy_pass http://zhaida_sticky;
{proxy}
    }}
  }}
}}
"""
PROXY = """      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 75s;
      # A dead replica refuses the connection: the request goes to the next one, POSTs included (a turn).
      proxy_next_upstream error http_502 non_idempotent;
      proxy_next_upstream_tries 2;"""


def nginx_conf(directory: Path, ports: list[int], port: int, host: str = "127.0.0.1") -> str:
    servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in ports)
    return NGINX_CONF.format(dir=directory, servers=servers, host=host, port=port, proxy=PROXY)


def ensure_database(url: str) -> None:
    """Creates the database named in `url` when the server has none of that name."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            exists = c.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database})
            if exists.scalar() is None:
                c.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    finally:
        admin.dispose()


def shared_secret(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(value)
    return value


def port_ready(port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if local_servers.port_open(port):
            return True
        time.sleep(0.2)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="债答 production profile: replicas behind nginx")
    parser.add_argument("--replicas", type=int, default=int(os.environ.get("ZHAIDA_REPLICAS", "2")))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ZHAIDA_PROD_PORT", "8080")))
    args = parser.parse_args(argv)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("run-prod: nginx is missing (sudo apt-get install nginx)", file=sys.stderr)
        return 1
    var = Path(os.environ.get("ZHAIDA_VAR_DIR", settings.VAR_DIR)) / "prod"
    database = os.environ.get("ZHAIDA_DATABASE_URL") or DEFAULT_DATABASE
    redis_url = os.environ.get("ZHAIDA_REDIS_URL") or DEFAULT_REDIS
    if not database.startswith("postgresql"):
        print("run-prod: ZHAIDA_DATABASE_URL must be a postgresql:// URL", file=sys.stderr)
        return 1
    try:
        ensure_database(database)
    except Exception as error:
        print(f"run-prod: PostgreSQL is not reachable at {database} ({type(error).__name__})", file=sys.stderr)
        return 1
    redis_at = urlsplit(redis_url)
    local_redis = redis_at.hostname in ("127.0.0.1", "localhost")
    if local_redis and not local_servers.port_open(redis_at.port or 6379):
        print(f"run-prod: Redis is not reachable at {redis_url}", file=sys.stderr)
        return 1
    env = {
        "ZHAIDA_DATABASE_URL": database,
        "ZHAIDA_REDIS_URL": redis_url,
        "ZHAIDA_SESSION_SECRET": os.environ.get("ZHAIDA_SESSION_SECRET") or shared_secret(var / "session_secret"),
        "ZHAIDA_ACTIONS_TOKEN": os.environ.get("ZHAIDA_ACTIONS_TOKEN") or shared_secret(var / "actions_token"),
    }
    replicas: list[local_servers.LocalServers] = []
    front: subprocess.Popen | None = None

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    # Set, not inherited: a shell starts background jobs with SIGINT ignored, and Python keeps that, so
    # `make load-test &` could not stop its profile (its servers stayed up after the run).
    signal.signal(signal.SIGINT, stop)
    try:
        for i in range(args.replicas):
            replicas.append(local_servers.start(var / f"replica-{i + 1}", env))
        directory = var / "nginx"
        for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
            (directory / sub).mkdir(parents=True, exist_ok=True)
        conf = directory / "nginx.conf"
        conf.write_text(nginx_conf(directory, [r.rasa_port for r in replicas], args.port))
        front = subprocess.Popen([nginx, "-p", str(directory), "-c", str(conf), "-g", "daemon off;"])
        if not port_ready(args.port, 30):
            print(f"run-prod: nginx did not start; see {directory / 'error.log'}", file=sys.stderr)
            return 1
        base = f"http://127.0.0.1:{args.port}"
        print(
            f"\n{READY.decode()}: {len(replicas)} replicas behind nginx\n"
            f"  Chat page:   {base}/webhooks/chat/\n"
            f"  Replicas:    {', '.join(r.base for r in replicas)}\n"
            f"  Database:    {database.split('@')[-1]}   Redis: {redis_url.split('@')[-1]}\n"
            "  Press Ctrl-C to stop.",
            flush=True,
        )
        while all(r.launcher.poll() is None for r in replicas) and front.poll() is None:
            time.sleep(1)
        return 1  # a launcher or nginx ended on its own
    except KeyboardInterrupt:
        return 0
    except local_servers.StartError as error:
        print(f"run-prod: a replica did not start:\n{error}", file=sys.stderr)
        return 1
    finally:
        if front is not None and front.poll() is None:
            front.send_signal(signal.SIGQUIT)  # graceful: finish requests in flight
            try:
                front.wait(timeout=15)
            except subprocess.TimeoutExpired:
                front.kill()
        for replica in replicas:
            replica.stop()


if __name__ == "__main__":
    sys.exit(main())
