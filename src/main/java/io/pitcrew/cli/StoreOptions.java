package io.pitcrew.cli;

import io.pitcrew.store.Store;
import picocli.CommandLine.Option;

/** {@code --db}: where the audit log and the incidents are kept. Shared by fix, incident and retro. */
final class StoreOptions {

    @Option(names = "--db", paramLabel = "FILE|JDBC-URL",
            description = "The store: a SQLite file (default: ~/.pitcrew/pitcrew.db) or a PostgreSQL JDBC URL "
                    + "(jdbc:postgresql://HOST:5432/DB?user=U; the password from PGPASSWORD or the URL)")
    String db;

    Store open() {
        return db == null || db.isBlank() ? Store.open(Store.defaultFile()) : Store.open(db);
    }
}
