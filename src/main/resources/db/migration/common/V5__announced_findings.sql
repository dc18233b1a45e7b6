-- The findings pitcrew serve has announced (issue 16), so that every replica of serve, a new leader after a failover
-- and serve after a restart agree on what was already said. Same conventions as V1: SQL both databases run, times as
-- ISO-8601 UTC text, JSON as text.
-- One row per finding, by serve's id (incidentType/cause/regions), changed in place. A transition is recorded only by
-- a write conditional on what was read: an INSERT under the primary key when the row is absent, an UPDATE ... WHERE
-- transitions = <the number read> otherwise. So of two replicas recording the same transition one wins, and only the
-- winner writes its timeline lines (in the same transaction) and announces it.
-- transitions: how many were recorded, numbered from 1: odd ones opened the finding (new), even ones resolved it.
-- announced: how many of them were announced (sent, or given up after their retries); fewer than transitions means
-- the replica that recorded one stopped before announcing it, and the next leader announces it.
CREATE TABLE finding (
    id           VARCHAR(500) NOT NULL PRIMARY KEY,
    finding_key  VARCHAR(300) NOT NULL,
    state        VARCHAR(10)  NOT NULL,
    first_seen   VARCHAR(40)  NOT NULL,
    resolved_at  VARCHAR(40),
    transitions  BIGINT       NOT NULL,
    announced    BIGINT       NOT NULL,
    recorded_at  VARCHAR(40)  NOT NULL,
    recorded_by  VARCHAR(200) NOT NULL,
    announced_at VARCHAR(40),
    finding      TEXT         NOT NULL
);

CREATE INDEX finding_state ON finding (state);
