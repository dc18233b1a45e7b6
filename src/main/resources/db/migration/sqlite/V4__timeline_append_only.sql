-- The incident log is evidence, as the audit log is: rows are added, never changed or removed.
CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline
BEGIN
    SELECT RAISE(ABORT, 'the incident timeline is append-only');
END;

CREATE TRIGGER timeline_no_delete BEFORE DELETE ON timeline
BEGIN
    SELECT RAISE(ABORT, 'the incident timeline is append-only');
END;
