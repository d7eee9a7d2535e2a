"""Several Rasa servers behind nginx on one machine: try the clinic's scale-out set-up locally.

    python -m scripts.scale_out [--rasa 2] [--actions 2] [--port 8080] [--web-port 8081]
    python -m scripts.scale_out --write-credentials FILE    # what a container runs before Rasa

Starts K action servers, N Rasa servers (REST and socket.io channels, HTTP API off) and nginx,
all on 127.0.0.1, then waits; Ctrl-C stops everything. Patients' traffic goes to nginx:

    curl -s localhost:8080/webhooks/rest/webhook \\
         -d '{"sender": "me", "message": "my back hurts", "message_id": "me-1"}'

and the clinic web page (--web-port, 0 for none) talks socket.io through nginx too. Rasa reads
deploy/endpoints.scale.yml: the PostgreSQL tracker store and the Redis lock store shared by all
instances, custom actions through nginx's action upstream (deploy/nginx/rasa.conf.template). The
REST channel is channels/rest.py: a retry with the same "message_id" is answered once.

Environment (defaults: this machine's local services; the database must exist, e.g.
`createdb -h 127.0.0.1 -U postgres rasa`):
  DB_HOST=127.0.0.1 DB_PORT=5432 DB_NAME=rasa DB_USER=postgres DB_PASSWORD=
  REDIS_HOST=127.0.0.1 REDIS_PORT=6379 REDIS_DB=1 REDIS_PASSWORD= REDIS_KEY_PREFIX=
  TICKET_LOCK_LIFETIME=20 (seconds a dead server's lock blocks its conversation; above a turn)
  CLINIC_DB_URL (deliveries and check-ins; default: the same PostgreSQL database)
  CORS_ORIGINS (space-separated; default the web page's origins), NGINX (default: nginx on PATH)
  and the channel variables of `make run` (.env.example). Logs and nginx files: --workdir.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping, Sequence

ROOT = Path(__file__).resolve().parent.parent
NGINX_DIR = ROOT / "deploy" / "nginx"
ENDPOINTS = ROOT / "deploy" / "endpoints.scale.yml"
LOGGING = ROOT / "logging.yml"
DEFAULTS = {"DB_HOST": "127.0.0.1", "DB_PORT": "5432", "DB_NAME": "rasa", "DB_USER": "postgres",
            "DB_PASSWORD": "", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_DB": "1",
            "REDIS_PASSWORD": "", "REDIS_KEY_PREFIX": "", "TICKET_LOCK_LIFETIME": "20"}


@dataclass
class Server:
    """One started process: its name, HTTP address (host:port) and log file."""

    name: str
    address: str
    process: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.process.poll() is None


@dataclass
class Cluster:
    """The running set: nginx's public URL and every process."""

    url: str
    action_url: str
    rasa: list[Server]
    actions: list[Server]
    others: list[Server] = field(default_factory=list)  # nginx, the web page
    workdir: Path = Path(".")

    @property
    def rest_url(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"

    def all(self) -> list[Server]:
        return [*self.others, *self.rasa, *self.actions]


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary() -> str | None:
    """nginx from NGINX, the PATH or Debian's /usr/sbin."""
    found = os.environ.get("NGINX") or shutil.which("nginx")
    return found or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


def upstream_servers(addresses: Sequence[str]) -> str:
    """nginx `server` lines: a server that fails once is left out for 10 s."""
    return " ".join(f"server {a} max_fails=1 fail_timeout=10s;" for a in addresses)


def render_nginx(prefix: Path, rasa: Sequence[str], actions: Sequence[str], listen: str, action_listen: str) -> Path:
    """nginx.conf and rasa.conf (from the template) in prefix; returns nginx.conf's path."""
    prefix.mkdir(parents=True, exist_ok=True)
    values = {"RASA_SERVERS": upstream_servers(rasa), "ACTION_SERVERS": upstream_servers(actions),
              "LISTEN": listen, "ACTION_LISTEN": action_listen}
    text = string.Template((NGINX_DIR / "rasa.conf.template").read_text()).safe_substitute(values)
    missing = [name for name in values if "${" + name + "}" in text]
    assert not missing, missing
    (prefix / "rasa.conf").write_text(text)
    shutil.copy(NGINX_DIR / "nginx.conf", prefix / "nginx.conf")
    return prefix / "nginx.conf"


def write_credentials(path: Path, env: Mapping[str, str]) -> Path:
    """The channels of `make run` (scripts/write_credentials.py)."""
    from scripts.write_credentials import build, render

    path.write_text(render(build(env)))
    return path


def wait_until_up(server: Server, path: str, seconds: float = 240) -> None:
    """Poll http://address/path until it answers; fail with the log's end if the process exits."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if not server.alive():
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}:\n"
                               f"{server.log.read_text(errors='replace')[-3000:]}")
        try:
            urllib.request.urlopen(f"http://{server.address}{path}", timeout=2)
            return
        except Exception:
            time.sleep(0.5)
    raise TimeoutError(f"{server.name} at {server.address}{path}")


def _start(name: str, command: list[str], address: str, workdir: Path, env: Mapping[str, str]) -> Server:
    log = workdir / f"{name}.log"
    process = subprocess.Popen(command, cwd=ROOT, env=dict(env), stdout=log.open("w"), stderr=subprocess.STDOUT,
                               start_new_session=True)  # Ctrl-C reaches the children only through stop()
    return Server(name, address, process, log)


def stop(servers: Sequence[Server], timeout: float = 20) -> None:
    """SIGTERM every process still running, then SIGKILL whatever is left after timeout."""
    for server in servers:
        if server.alive():
            server.process.terminate()
    deadline = time.time() + timeout
    for server in servers:
        try:
            server.process.wait(timeout=max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@contextlib.contextmanager
def scale_out(workdir: Path, n_rasa: int = 2, n_actions: int = 2, port: int = 8080, web_port: int = 0,
              env: Mapping[str, str] | None = None, python: str = sys.executable,
              model: str = "models/bot.tar.gz") -> Iterator[Cluster]:
    """Start K action servers, N Rasa servers and nginx on 127.0.0.1; stop them all on exit."""
    nginx = nginx_binary()
    if nginx is None:
        raise RuntimeError("nginx not found: apt-get install nginx (or set NGINX=/path/to/nginx)")
    workdir.mkdir(parents=True, exist_ok=True)
    origins = f"http://localhost:{web_port} http://127.0.0.1:{web_port}" if web_port else ""
    environment = {**DEFAULTS, **os.environ, **(env or {})}
    environment.setdefault("CLINIC_DB_URL", "postgresql://{DB_USER}:{DB_PASSWORD}@{DB_HOST}:{DB_PORT}/{DB_NAME}"
                           .format(**environment))  # deliveries and check-ins, shared like the conversations
    action_port = free_port()
    environment.update({"PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
                        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook"})
    credentials = write_credentials(workdir / "credentials.yml", environment)
    cors = (environment.get("CORS_ORIGINS") or origins).split()
    logging_config = ["--logging-config-file", str(LOGGING)] if LOGGING.exists() else []  # as `make run`
    rasa_cmd = [python, "-m", "rasa"]
    servers: list[Server] = []
    try:
        actions = [_start(f"actions-{i + 1}", rasa_cmd + ["run", "actions", "--actions", "actions", "--port", str(p),
                                                      *logging_config],
                          f"127.0.0.1:{p}", workdir, {**environment, "SANIC_HOST": "127.0.0.1"})
                   for i, p in enumerate(free_port() for _ in range(n_actions))]
        servers += actions
        rasa = [_start(f"rasa-{i + 1}", rasa_cmd + ["run", "--model", model, "--port", str(p), "-i", "127.0.0.1",
                                                     "--endpoints", str(ENDPOINTS), "--credentials", str(credentials),
                                                     *logging_config, *(["--cors", *cors] if cors else [])],
                       f"127.0.0.1:{p}", workdir, environment)
                for i, p in enumerate(free_port() for _ in range(n_rasa))]
        servers += rasa
        conf = render_nginx(workdir / "nginx", [s.address for s in rasa], [s.address for s in actions],
                            f"127.0.0.1:{port}", f"127.0.0.1:{action_port}")
        proxy = _start("nginx", [nginx, "-p", str(conf.parent), "-c", str(conf), "-e", str(conf.parent / "error.log")],
                       f"127.0.0.1:{port}", workdir, environment)
        servers.append(proxy)
        others = [proxy]
        if web_port:
            others.append(_start("web", [python, "-m", "scripts.serve_web", "--port", str(web_port),
                                         "--rasa-url", f"http://localhost:{port}"],
                                 f"127.0.0.1:{web_port}", workdir, environment))
            servers.append(others[-1])
        for server in actions:
            wait_until_up(server, "/health")
        for server in rasa:
            wait_until_up(server, "/")
        for server in others:
            wait_until_up(server, "/")
        yield Cluster(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{action_port}/webhook", rasa, actions,
                      others, workdir)
    finally:
        stop(servers)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rasa", type=int, default=2, help="Rasa servers (default 2)")
    parser.add_argument("--actions", type=int, default=2, help="action servers (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port for patients (default 8080)")
    parser.add_argument("--web-port", type=int, default=8081, help="the clinic web page (default 8081, 0: none)")
    parser.add_argument("--workdir", type=Path, default=None, help="logs and nginx files (default: a temp dir)")
    parser.add_argument("--write-credentials", type=Path, metavar="FILE",
                        help="only write the scale-out credentials file from the environment (containers)")
    args = parser.parse_args(argv)
    if args.write_credentials:
        write_credentials(args.write_credentials, os.environ)
        return 0
    if os.environ.get("ENABLE_API", "false").lower() == "true":
        print("scale_out: the HTTP API stays off here (it is not needed behind nginx).", file=sys.stderr)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="scale-out-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with scale_out(workdir, args.rasa, args.actions, args.port, args.web_port) as cluster:
        print(f"Ready: {len(cluster.rasa)} Rasa servers, {len(cluster.actions)} action servers behind nginx.")
        print(f"REST: POST {{\"sender\": \"me\", \"message\": \"hi\"}} to {cluster.rest_url}")
        if args.web_port:
            print(f"Web page: http://localhost:{args.web_port}   Logs: {workdir}")
        try:
            while all(s.alive() for s in cluster.others):
                time.sleep(1)
            print("scale_out: nginx or the web page stopped; see the logs in", workdir, file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
