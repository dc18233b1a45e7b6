-- Drills (issue 18): rehearsals of the runbook on the lab. Same conventions as V1 and V3: SQL both databases run,
-- times as ISO-8601 UTC text, lists as JSON text.
-- scenarios: the faults armed, kept from the responders until the drill ends (no command prints them before).
-- ended_at, outcome, report: set once, when the drill ends (outcome ended, aborted or abandoned; report the score as JSON).
CREATE TABLE drill (
    number      BIGINT        NOT NULL PRIMARY KEY,
    started_at  VARCHAR(40)   NOT NULL,
    inject_at   VARCHAR(40)   NOT NULL,
    scenarios   TEXT          NOT NULL,
    lab         VARCHAR(1000) NOT NULL,
    started_by  VARCHAR(200)  NOT NULL,
    ended_at    VARCHAR(40),
    outcome     VARCHAR(20),
    report      TEXT
);

CREATE INDEX drill_ended ON drill (ended_at);

-- What doctor and serve saw while a drill ran: the first time each source saw each finding (incidentType/cause).
CREATE TABLE drill_sighting (
    drill   BIGINT       NOT NULL REFERENCES drill (number),
    at      VARCHAR(40)  NOT NULL,
    source  VARCHAR(20)  NOT NULL,
    finding VARCHAR(200) NOT NULL,
    regions TEXT         NOT NULL,
    PRIMARY KEY (drill, source, finding)
);
