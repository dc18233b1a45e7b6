-- The audit log of `pitcrew fix`: one row per plan applied, found already in effect, refused or failed, and one
-- per verification or revert. Written in SQL that SQLite and PostgreSQL both run: no AUTOINCREMENT/SERIAL (the
-- store picks the next id), times as ISO-8601 UTC text, JSON as text.
CREATE TABLE audit (
    id          BIGINT       NOT NULL PRIMARY KEY,
    at          VARCHAR(40)  NOT NULL,
    actor       VARCHAR(200) NOT NULL,
    action      VARCHAR(100) NOT NULL,
    parameters  TEXT         NOT NULL,
    changes     TEXT         NOT NULL,
    result      VARCHAR(20)  NOT NULL,
    detail      TEXT         NOT NULL,
    inverse     TEXT,
    resume_at   VARCHAR(40),
    reverts     BIGINT,
    follows     BIGINT
);

CREATE INDEX audit_reverts ON audit (reverts);
CREATE INDEX audit_follows ON audit (follows);
