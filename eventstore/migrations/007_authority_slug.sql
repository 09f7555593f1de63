-- An authority's name as intervention ids spell it (domain.values.slugify): accents folded to
-- ASCII, lower case, each run of anything else one hyphen, none at the ends. A council's people
-- see the interventions of their own authorities, compared this way; the index finds them
-- without reading every intervention's row.
CREATE FUNCTION authority_slug(name text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN btrim(
        regexp_replace(
            lower(regexp_replace(normalize(name, NFKD), '[^\x01-\x7f]', '', 'g') COLLATE "C"),
            '[^a-z0-9]+', '-', 'g'),
        '-');

CREATE INDEX interventions_by_authority ON interventions (authority_slug(authority));
