"""A throw-away PostgreSQL server for the tests, started the way ``.ci/postgres`` does.

``initdb`` + ``pg_ctl`` on a fresh temporary folder, listening on a unix socket in that
folder only (``listen_addresses=''``): no TCP port is opened, so two test runs on one
machine never meet, and pytest-socket's ``--allow-unix-socket`` lets the tests in. The
port number only names the socket file (``.s.PGSQL.<port>``) inside the private folder.

As root the server runs as the ``postgres`` user (initdb refuses root), like Debian's
own packaging. When the binaries are missing, ``find_binaries`` says so and the tests
that need a server skip with that reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PORT = 5432  # names the socket file in our own folder; no TCP listener is made


def find_binaries() -> Path | None:
    """The newest installed PostgreSQL ``bin`` folder with initdb and pg_ctl, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


def _version(path: str) -> tuple[int, ...]:
    part = Path(path).parent.parent.name
    return tuple(int(p) for p in part.split(".") if p.isdigit())


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@dataclass
class PostgresServer:
    """One running server: ``url`` reaches its ``postgres`` database as superuser."""

    bin_dir: Path
    folder: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@localhost:{PORT}/postgres?host={self.folder}"

    @classmethod
    def start(cls, bin_dir: Path) -> PostgresServer:
        folder = Path(tempfile.mkdtemp(prefix="relbook-pg-"))
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        server = cls(bin_dir, folder)
        try:
            server._run("initdb", "-D", str(server.data), "-A", "trust", "-U", "postgres",
                        "--no-sync")  # fmt: skip
            server.pg_ctl("start")
        except BaseException:
            server.remove()
            raise
        return server

    def _run(self, tool: str, *args: str) -> None:
        command = _as_postgres([str(self.bin_dir / tool), *args])
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stderr.strip() or done.stdout.strip()}")

    def pg_ctl(self, action: str, *extra: str) -> None:
        """``start``, ``stop`` or ``restart`` (fast shutdown: open sessions are cut)."""
        options = f"-p {PORT} -k {self.folder} -c listen_addresses='' -c fsync=off"
        args = ["-D", str(self.data), "-l", str(self.folder / "log"), "-w"]
        if action in ("start", "restart"):
            args += ["-o", options]
        if action in ("stop", "restart"):
            args += ["-m", "fast"]
        self._run("pg_ctl", action, *args, *extra)

    def stop(self) -> None:
        try:
            self.pg_ctl("stop")
        finally:
            self.remove()

    def remove(self) -> None:
        for _ in range(3):
            shutil.rmtree(self.folder, ignore_errors=True)
            if not self.folder.exists():
                return
            time.sleep(0.2)
