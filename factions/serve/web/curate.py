"""Curation as the web app offers it: each function validates, writes through the store's curation
functions (one transaction, one curation_log row with who, when and why) and says what it did."""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from factions.errors import StoreError
from factions.store import Store
from factions.store import curation
from factions.store.connection import guarded

MAX_WHO = 80
MAX_REASON = 2000


def who_and_why(who: str | None, reason: str | None) -> tuple[str, str | None]:
    who = " ".join((who or "").split())
    if not who:
        raise StoreError("say who decides (the curation log records who, when and why)")
    if len(who) > MAX_WHO or len(reason or "") > MAX_REASON:
        raise StoreError(f"who is at most {MAX_WHO} characters, the reason at most {MAX_REASON}")
    return who, (reason or "").strip() or None


def merge(store: Store, from_actor: str, into_actor: str, who: str, reason: str | None) -> dict[str, Any]:
    who, reason = who_and_why(who, reason)
    into_id = store.entity(into_actor)["id"]
    log_id = store.merge(from_actor, into_actor, who, reason)
    return {"log_id": log_id, "actor_id": into_id}


def split(store: Store, actor: str, aliases: list[str], new_name: str, who: str,
          reason: str | None) -> dict[str, Any]:
    who, reason = who_and_why(who, reason)
    aliases = [a.strip() for a in aliases if a and a.strip()]
    new_name = (new_name or "").strip()
    if not aliases or not new_name:
        raise StoreError("a split needs at least one alias and the new actor's name")
    log_id, new_id = store.split(actor, aliases, new_name, who, reason)
    return {"log_id": log_id, "actor_id": new_id}


def undo(store: Store, log_id: int, who: str, reason: str | None) -> dict[str, Any]:
    who, reason = who_and_why(who, reason)
    return {"log_id": store.undo(log_id, who, reason), "undone": log_id}


def claim(store: Store, claim_id: str, action: str, who: str, reason: str | None,
          correction: dict[str, Any] | None = None) -> dict[str, Any]:
    who, reason = who_and_why(who, reason)
    with guarded("cannot curate the claim", store.path):
        log_id = curation.set_claim_status(store.conn, claim_id, action, who, reason, correction)
    return {"log_id": log_id, "claim_id": claim_id, "status": curation.CLAIM_ACTIONS[action]}


def grade(store: Store, source_id: str, value: str, who: str, reason: str | None) -> dict[str, Any]:
    who, reason = who_and_why(who, reason)
    with guarded("cannot grade the source", store.path):
        log_id = curation.set_source_grade(store.conn, source_id, value, who, reason)
    return {"log_id": log_id, "source_id": source_id, "reliability": value.strip().upper()}


def _item(row: sqlite3.Row) -> dict[str, Any]:
    item = dict(row)
    try:
        item["payload"] = json.loads(row["payload"] or "{}")
    except ValueError:
        item["payload"] = {}
    item["undoable"] = row["undone_by"] is None and row["action"] in ("merge", "split", *curation.VALUE_ACTIONS)
    return item


def history(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    """The curation log, newest first, with each step's payload (what it changed) parsed."""
    rows = store.conn.execute("SELECT * FROM curation_log ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    return [_item(r) for r in rows]


def step(store: Store, log_id: int) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT * FROM curation_log WHERE id = ?", (log_id,)).fetchone()
    return None if row is None else _item(row)


def describe(item: dict[str, Any], names: dict[str, str]) -> str:
    """One line saying what a logged step did, in words."""
    p, action = item["payload"], item["action"]
    name = lambda i: names.get(i, i)  # noqa: E731
    if action == "merge":
        return f"merged {name(p.get('from'))} into {name(p.get('into'))}"
    if action == "split":
        return f"split {', '.join(p.get('keys', []))} from {name(p.get('from'))} into {name(p.get('into'))}"
    if action == "undo":
        return f"undid step {p.get('undoes')}"
    if action in curation.VALUE_ACTIONS:
        changes = ", ".join(f"{k}: {p.get('old', {}).get(k)!s} → {v!s}" for k, v in p.get("new", {}).items())
        return f"{action} {p.get('table', '')[:-1]} {p.get('id')} ({changes})"
    return action
