"""What one running web app was started with."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

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
    # Signs CSRF tokens; a new one per process, so a restart invalidates open forms (they get a new token).
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
