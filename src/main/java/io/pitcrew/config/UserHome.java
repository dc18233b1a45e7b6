package io.pitcrew.config;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The user's home the way git and kubectl find it: {@code $HOME} when it is set, else the account's home. Java's
 * {@code user.home} is the passwd entry's, whatever $HOME says, so {@code HOME=/tmp/x pitcrew ...} (a test, a
 * container, sudo with another HOME) would otherwise read and write the real account's ~/.pitcrew and ~/.kube/config.
 *
 * @param dir the home directory
 */
public record UserHome(Path dir) {

    /** @param accountHome Java's {@code user.home}, for when $HOME is not set */
    public static UserHome of(Map<String, String> env, String accountHome) {
        String home = env.get("HOME");
        return new UserHome(Path.of(home != null && !home.isBlank() ? home : accountHome));
    }

    public static UserHome system() {
        return of(System.getenv(), System.getProperty("user.home"));
    }

    /** {@code ~/.pitcrew}: the default store and serve's own token. */
    public Path pitcrew() {
        return dir.resolve(".pitcrew");
    }

    /** {@code ~/.pitcrew/pitcrew.db}, the store when {@code --db} is not given. */
    public Path store() {
        return pitcrew().resolve("pitcrew.db");
    }

    /** {@code ~/.pitcrew/serve-token}, the commander token serve makes when it is given none. */
    public Path serveToken() {
        return pitcrew().resolve("serve-token");
    }

    /** {@code ~/.kube/config}, the kubeconfig when neither --kubeconfig, pitcrew.yaml nor $KUBECONFIG names one. */
    public Path kubeconfig() {
        return dir.resolve(".kube").resolve("config");
    }

    /**
     * Makes {@code ~/.pitcrew} when it is missing, readable by its owner only (it holds the incidents and a commander
     * token). Only this default location is created: a directory given on the command line must exist.
     */
    public Path createPitcrew() {
        Path p = pitcrew();
        try {
            if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(p);
            }
        } catch (FileAlreadyExistsException exists) {
            // made before: keep it as its owner left it
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(new Problem(p.toString(), 0, "", "cannot be created: the home directory "
                    + dir + " does not exist", "check $HOME, or give the store with --db FILE"));
        } catch (IOException e) {
            throw new InvalidInputException(new Problem(p.toString(), 0, "", "cannot be created: " + e.getMessage(),
                    "check the permissions of " + dir + " ($HOME), or give the store with --db FILE"));
        }
        return p;
    }
}
