"""Misspellings the name keys miss: citizens whose Latin name is trigram-similar to a query."""

from __future__ import annotations

from typing import TYPE_CHECKING

from projections import names

if TYPE_CHECKING:
    from register.store.storage import Database

SIMILAR_SPELLINGS = 100
"""At most this many citizens are found by trigram similarity alone."""
FTS_MATCHES = 500
"""At most this many of SQLite's FTS5 matches are scored."""


def similar_spellings(db: Database, latin: str) -> list[str]:
    """The ids of the citizens whose Latin name is trigram-similar to the normalised `latin`
    (Mahmout Amrami for Mahmoud Amrani), most similar first."""
    if db.kind == "postgresql":
        return [
            r[0]
            for r in db.fetch_all(
                "SELECT citizen_id FROM citizen_directory WHERE search_latin %% %s"
                " ORDER BY similarity(search_latin, %s) DESC, citizen_id LIMIT %s",
                [latin, latin, SIMILAR_SPELLINGS],
            )
        ]
    wanted = names.trigrams(latin)
    if not wanted:
        return []
    # SQLite has no pg_trgm: its FTS5 table finds the names sharing a trigram, rarest shared
    # trigrams first (bm25), and pg_trgm's similarity and cut-off then keep those PostgreSQL's
    # `%` would keep. The trigrams are letters and spaces only, so quoting them is safe.
    rows = db.fetch_all(
        "SELECT d.citizen_id, d.search_latin FROM citizen_search"
        " JOIN citizen_directory d ON d.citizen_id = citizen_search.citizen_id"
        " WHERE citizen_search MATCH %s ORDER BY citizen_search.rank LIMIT %s",
        [" OR ".join(f'"{t}"' for t in sorted(wanted)), FTS_MATCHES],
    )
    similar = sorted(
        (-similarity, citizen_id)
        for citizen_id, name in rows
        if (similarity := names.trigram_similarity(latin, name)) >= names.TRIGRAM_THRESHOLD
    )
    return [citizen_id for _, citizen_id in similar[:SIMILAR_SPELLINGS]]
