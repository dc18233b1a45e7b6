-- Append-only, enforced by the database and not only by pitcrew's code: an audit log that can be edited is not
-- one. (PostgreSQL has the same rule as a trigger function in db/migration/postgresql.)
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
