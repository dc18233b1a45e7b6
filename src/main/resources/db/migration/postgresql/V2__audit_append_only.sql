-- Append-only, enforced by the database and not only by pitcrew's code: an audit log that can be edited is not
-- one. The same rule as db/migration/sqlite/V2, in PostgreSQL's words.
CREATE FUNCTION pitcrew_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the % is append-only', TG_ARGV[0];
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    FOR EACH ROW EXECUTE FUNCTION pitcrew_append_only('audit log');

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION pitcrew_append_only('audit log');
