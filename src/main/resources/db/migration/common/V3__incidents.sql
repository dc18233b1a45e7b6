-- Incidents (issue 6). Same conventions as V1: SQL both databases run, times as ISO-8601 UTC text, JSON as text.
-- Scalars the commands filter or sort by are columns; the lists (roles, regions, findings, workarounds, follow-ups,
-- checklist) are JSON text, since they are only ever read with their incident.
-- version: optimistic locking. Every change is UPDATE ... WHERE version = <the version read>; a write that matches
-- no row lost to someone else's change (changed_by, changed_at say whose), and is never applied over it.
CREATE TABLE incident (
    number          BIGINT       NOT NULL PRIMARY KEY,
    title           TEXT         NOT NULL,
    severity        VARCHAR(2)   NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    workshop        VARCHAR(200),
    started_at      VARCHAR(40),
    detected_at     VARCHAR(40),
    declared_at     VARCHAR(40)  NOT NULL,
    acknowledged_at VARCHAR(40),
    mitigated_at    VARCHAR(40),
    resolved_at     VARCHAR(40),
    roles           TEXT         NOT NULL,
    regions         TEXT         NOT NULL,
    findings        TEXT         NOT NULL,
    root_cause      TEXT,
    workarounds     TEXT         NOT NULL,
    follow_ups      TEXT         NOT NULL,
    checklist       TEXT         NOT NULL,
    version         BIGINT       NOT NULL,
    changed_by      VARCHAR(200) NOT NULL,
    changed_at      VARCHAR(40)  NOT NULL
);

CREATE INDEX incident_status ON incident (status);
CREATE INDEX incident_workshop ON incident (workshop);

-- The incident log: what happened, was done, decided or sent, in order. Append-only (db/migration/<vendor>/V4).
CREATE TABLE timeline (
    incident BIGINT       NOT NULL REFERENCES incident (number),
    seq      BIGINT       NOT NULL,
    at       VARCHAR(40)  NOT NULL,
    actor    VARCHAR(200) NOT NULL,
    kind     VARCHAR(30)  NOT NULL,
    text     TEXT         NOT NULL,
    PRIMARY KEY (incident, seq)
);
