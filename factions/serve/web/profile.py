"""The actor page's header facts, read with indexed queries only.

analyze.profile.actor_profile (behind GET /api/actors/{id}) returns every claim and event of the actor and
scans the whole store for its documents: right for an export, too slow for a page that a hub
actor (thousands of claims) must render in well under a second. The page needs less: the
names, the list matches, the latest reports, and which years have claims.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from factions.extract.resources import catalog
from factions.resolve.lineage import names_over_time
from factions.store import Store

MAX_DOCUMENTS = 50

_DOCS_OF = """
    SELECT document_id FROM mentions WHERE entity_id = :id
    UNION SELECT document_id FROM claims WHERE subject_id = :id AND status != 'rejected'
    UNION SELECT document_id FROM claims WHERE object_id = :id AND status != 'rejected'
    UNION SELECT ev.document_id FROM event_actors ea JOIN events ev ON ev.id = ea.event_id WHERE ea.entity_id = :id"""


def header(store: Store, entity_id: str) -> dict[str, Any]:
    profile = store.entity(entity_id)
    conn = store.conn
    eid = profile["id"]
    profile["list_matches"] = store.screen_hits(eid)
    profile["resolution_notes"] = sorted({r[0] for r in conn.execute(
        "SELECT note FROM resolution_notes WHERE entity_id = ?", (eid,))})
    profile["document_count"] = conn.execute(f"SELECT COUNT(*) FROM ({_DOCS_OF})", {"id": eid}).fetchone()[0]
    profile["documents"] = [dict(r) for r in conn.execute(f"""
        SELECT d.id, d.title, d.published, d.outlet FROM documents d WHERE d.id IN ({_DOCS_OF})
        ORDER BY d.published DESC, d.id LIMIT {MAX_DOCUMENTS}""", {"id": eid})]
    profile["years"] = [r[0] for r in conn.execute("""
        SELECT y FROM (
            SELECT substr(COALESCE(c.date, d.published), 1, 4) AS y FROM claims c
            JOIN documents d ON d.id = c.document_id WHERE c.subject_id = :id AND c.status != 'rejected'
            UNION SELECT substr(COALESCE(c.date, d.published), 1, 4) FROM claims c
            JOIN documents d ON d.id = c.document_id WHERE c.object_id = :id AND c.status != 'rejected')
        WHERE y IS NOT NULL AND y != '' ORDER BY y""", {"id": eid})]
    cat = catalog()
    lineage_id = profile.get("catalog_id") or eid
    names = names_over_time(cat, lineage_id) if lineage_id in cat.actors else []
    profile["names_over_time"] = [asdict(n) for n in names] if len(names) > 1 else []
    return profile
