"""What one running web app was started with."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

# How `factions serve --workers N` hands the settings to its worker processes (uvicorn starts
# each from an import string, so they cannot be passed as an object).
ENV = "FACTIONS_SERVE_"

# Host headers a server bound to the loopback answers to. Anything else is refused,
# so a web page that re-points its own domain at 127.0.0.1 (DNS rebinding) cannot
# read the store through the visitor's browser.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
ANY_ADDRESS = frozenset({"0.0.0.0", "::", ""})


def allowed_hosts_for(bind_host: str) -> frozenset[str] | None:
    """None (any Host) when bound to every interface; otherwise the loopback names and the bind address."""
    if bind_host in ANY_ADDRESS:
        return None
    return LOOPBACK_HOSTS | {bind_host}


@dataclass(frozen=True)
class Settings:
    db: Path
    token: str | None = None
    read_only: bool = False
    allowed_hosts: frozenset[str] | None = LOOPBACK_HOSTS
    # Signs CSRF tokens; a new one per server start, so a restart invalidates open forms (they get a new
    # token). With --workers every worker process gets the same one, or a form from one fails on another.
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    vet_workers: int | None = None  # vetting processes (None: up to 2)
    warm_up: bool = False  # load the catalog and start the vetting processes at start-up (the CLI does)

    def to_env(self) -> dict[str, str]:
        hosts = "*" if self.allowed_hosts is None else ",".join(sorted(self.allowed_hosts))
        return {f"{ENV}DB": str(self.db), f"{ENV}TOKEN": self.token or "", f"{ENV}READ_ONLY": "1" if self.read_only else "",
                f"{ENV}HOSTS": hosts, f"{ENV}SECRET": self.secret.hex(), f"{ENV}VET_WORKERS": str(self.vet_workers or ""),
                f"{ENV}WARM_UP": "1" if self.warm_up else ""}

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        hosts = env[f"{ENV}HOSTS"]
        return cls(Path(env[f"{ENV}DB"]), token=env.get(f"{ENV}TOKEN") or None,
                   read_only=bool(env.get(f"{ENV}READ_ONLY")),
                   allowed_hosts=None if hosts == "*" else frozenset(hosts.split(",")),
                   secret=bytes.fromhex(env[f"{ENV}SECRET"]),
                   vet_workers=int(env[f"{ENV}VET_WORKERS"]) if env.get(f"{ENV}VET_WORKERS") else None,
                   warm_up=bool(env.get(f"{ENV}WARM_UP")))
