package io.pitcrew.cli;

class SqliteIncidentCommandTest extends IncidentCommandContract {
    @Override
    protected String db() {
        return tmp.resolve("pitcrew.db").toString();
    }
}
