package io.pitcrew.server.access;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.TextFile;
import io.pitcrew.yaml.YamlDocument;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tokens file of {@code pitcrew serve --tokens FILE}:
 * <pre>tokens: [{name: alice, role: commander, sha256: HEX}]</pre>
 * Only hashes are kept in it; a new token is printed once by {@code pitcrew serve token} and never stored.
 */
public final class TokenFile {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFile() {}

    /**
     * The tokens of {@code --tokens FILE} and the one commander token of {@code --token-file} or
     * {@code $PITCREW_SERVE_TOKEN} (named {@value Tokens#OPERATOR}); at least one source must give a token.
     */
    public static Tokens given(Optional<Path> tokensFile, Optional<Path> tokenFile) {
        Optional<Tokens> listed = tokensFile.map(TokenFile::load);
        Optional<String> single = tokenFile.isPresent() ? Optional.of(readToken(tokenFile.get()))
                : Optional.ofNullable(System.getenv(Tokens.ENV));
        Optional<Tokens> operator = single.filter(t -> !t.isBlank()).map(Tokens::operator);
        if (listed.isEmpty() && operator.isEmpty()) {
            throw new IllegalArgumentException("the API needs a token: --tokens FILE (pitcrew serve token creates one), --token-file FILE or $"
                    + Tokens.ENV);
        }
        return listed.map(l -> operator.map(l::and).orElse(l)).orElseGet(operator::orElseThrow);
    }

    private static String readToken(Path file) {
        // a file that is not a token (too large, not UTF-8, missing) is one problem naming it, never its content
        return TextFile.read(file, TextFile.Limits.CONFIG).strip();
    }

    /** Reads the file; every problem names the file, the line, the entry and the field, and how to fix it. */
    public static Tokens load(Path file) {
        YamlDocument doc = YamlDocument.read(file);
        List<Problem> problems = new ArrayList<>();
        List<Tokens.Entry> entries = new ArrayList<>();
        JsonNode list = doc.root().path("tokens");
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidInputException(doc.problem(JsonPointer.compile("/tokens"), "no tokens: the file needs a list 'tokens:'",
                    "add one with: pitcrew serve token --tokens " + file + " --name NAME --role viewer|responder|commander"));
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            JsonPointer at = JsonPointer.compile("/tokens/" + i);
            String name = t.path("name").asString("");
            String role = t.path("role").asString("");
            String hash = t.path("sha256").asString("").strip().toLowerCase(Locale.ROOT);
            int before = problems.size();
            if (!NAME.matcher(name).matches()) {
                problems.add(doc.problem(at.append(JsonPointer.compile("/name")), "name '" + name + "' is missing or not a name",
                        "letters, digits, . _ @ - (at most 64), e.g. name: alice"));
            } else if (entries.stream().anyMatch(e -> e.name().equals(name))) {
                problems.add(doc.problem(at.append(JsonPointer.compile("/name")), "name '" + name + "' is given twice", "give each token its own name"));
            }
            Role r = null;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                problems.add(doc.problem(at.append(JsonPointer.compile("/role")), e.getMessage(), "role: viewer, responder or commander"));
            }
            if (!HEX.matcher(hash).matches()) {
                problems.add(doc.problem(at.append(JsonPointer.compile("/sha256")), "sha256 is missing or not 64 hex digits",
                        "the SHA-256 of the token, never the token: printf %s TOKEN | sha256sum, or create the entry with pitcrew serve token"));
            }
            if (problems.size() == before) entries.add(new Tokens.Entry(name, r, HexFormat.of().parseHex(hash)));
        }
        if (!problems.isEmpty()) throw new InvalidInputException(problems);
        return new Tokens(entries);
    }

    /**
     * Adds a token named {@code name} with {@code role}: returns the token (to print once) and writes only its hash,
     * atomically (a temporary file moved over the old one) and readable by the owner only.
     */
    public static String add(Path file, String name, Role role) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--name '" + name + "': letters, digits, . _ @ - (at most 64)");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        if (Files.exists(file)) {
            for (Tokens.Entry e : load(file).entries()) {
                if (e.name().equals(name)) {
                    throw new IllegalArgumentException(file + ": a token named '" + name + "' exists already; choose another --name, "
                            + "or remove its entry from the file first");
                }
                rows.add(row(e.name(), e.role(), e.hex()));
            }
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        rows.add(row(name, role, Tokens.entry(name, role, token).hex()));
        write(file, YAML.writeValueAsString(Map.of("tokens", rows)));
        return token;
    }

    private static Map<String, String> row(String name, Role role, String hex) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("role", role.label());
        m.put("sha256", hex);
        return m;
    }

    private static void write(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            try {
                if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                }
                Files.writeString(tmp, text);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage() + " (check the directory's permissions)");
        }
    }
}
