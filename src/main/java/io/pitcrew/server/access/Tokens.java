package io.pitcrew.server.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API's tokens, each kept only as its SHA-256 with a name and a role. A presented token is hashed and compared
 * with every entry in constant time, so neither timing nor a heap dump gives a token away.
 */
public final class Tokens {

    /** The environment variable that may hold the one commander token when no --token-file is given. */
    public static final String ENV = "PITCREW_SERVE_TOKEN";

    /** The name {@code --token-file} / {@code $PITCREW_SERVE_TOKEN} gets: one commander token. */
    public static final String OPERATOR = "operator";

    /** One token: who holds it, what it may do, the SHA-256 of the token (never the token). */
    public record Entry(String name, Role role, byte[] sha256) {
        public Entry {
            sha256 = sha256.clone();
        }

        public String hex() {
            return HexFormat.of().formatHex(sha256);
        }

        @Override
        public String toString() {
            return "Entry(" + name + ", " + role.label() + ")";
        }
    }

    private final List<Entry> entries;

    public Tokens(List<Entry> entries) {
        if (entries.isEmpty()) throw new IllegalArgumentException("the API needs at least one token: --tokens FILE, --token-file FILE or $" + ENV);
        Set<String> names = new HashSet<>();
        for (Entry e : entries) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("two tokens are named '" + e.name() + "'" + (e.name().equals(OPERATOR)
                        ? " (--token-file's token is named " + OPERATOR + "): rename the one in the tokens file" : ": give each its own name"));
            }
        }
        this.entries = List.copyOf(entries);
    }

    /** The single commander token of {@code --token-file} or {@code $PITCREW_SERVE_TOKEN}. */
    public static Tokens operator(String token) {
        return new Tokens(List.of(entry(OPERATOR, Role.COMMANDER, token)));
    }

    public static Entry entry(String name, Role role, String token) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("the API token must not be empty");
        return new Entry(name, role, sha256(token.strip()));
    }

    public Tokens and(Tokens more) {
        ArrayList<Entry> all = new ArrayList<>(entries);
        all.addAll(more.entries);
        return new Tokens(all);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The bearer of {@code token}, without a CSRF token (a bearer request is never sent by a browser on its own). */
    public Optional<Principal> resolve(String token) {
        if (token == null || token.isBlank()) return Optional.empty();
        byte[] hash = sha256(token.strip());
        Entry found = null;
        // every entry is compared, so the time taken does not say which one matched
        for (Entry e : entries) if (MessageDigest.isEqual(e.sha256, hash) && found == null) found = e;
        return Optional.ofNullable(found).map(e -> new Principal(e.name(), e.role(), null));
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Tokens(" + entries.size() + ", hidden)";
    }
}
