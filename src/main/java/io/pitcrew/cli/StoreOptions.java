package io.pitcrew.cli;

import io.pitcrew.config.UserHome;
import io.pitcrew.store.Store;
import io.pitcrew.store.StoreException;
import io.pitcrew.yaml.Problem;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;

/** {@code --db}: where the audit log and the incidents are kept. Shared by fix, incident, retro, doctor and serve. */
final class StoreOptions {

    @Option(names = "--db", paramLabel = "FILE|JDBC-URL",
            description = "The store: a SQLite file (default: ~/.pitcrew/pitcrew.db) or a PostgreSQL JDBC URL "
                    + "(jdbc:postgresql://HOST:5432/DB?user=U; the password from PGPASSWORD or the URL)")
    String db;

    /**
     * Opens the store for {@code access}; on {@code err}, once, that it waits for another writer's lock. Only the
     * default location's directory is created: a --db whose directory is missing is a typo to report, not to obey.
     */
    Store open(Store.Access access, PrintWriter err) {
        if (given()) {
            return Store.open(db, access, line -> say(err, line));
        }
        UserHome home = UserHome.system();
        home.createPitcrew();
        return Store.open(home.store(), access, line -> say(err, line));
    }

    /** Whether there is a store to read: one given with --db, or the default one made before. */
    boolean exists() {
        return given() || Files.exists(UserHome.system().store());
    }

    private boolean given() {
        return db != null && !db.isBlank();
    }

    private static void say(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }

    /** The store's failure as every other problem is said: which store, what is wrong, how to fix it. */
    static Problem problem(StoreException e) {
        return new Problem(e.where(), 0, "", e.what(), e.fix());
    }
}
