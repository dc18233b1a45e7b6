-- The incident log is evidence, as the audit log is: rows are added, never changed or removed.
CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline
    FOR EACH ROW EXECUTE FUNCTION pitcrew_append_only('incident timeline');

CREATE TRIGGER timeline_no_delete BEFORE DELETE ON timeline
    FOR EACH ROW EXECUTE FUNCTION pitcrew_append_only('incident timeline');
