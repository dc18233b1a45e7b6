package io.pitcrew.observe;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A small map as {@link LeanObjects} keeps it: keys and values side by side in one array, in the order they were
 * read, and unchangeable, as everything a check reads is. A LinkedHashMap of a pod's eight labels takes about 450
 * bytes (a table, and an entry object a key); this takes about 100. A lookup scans the array, which for the few
 * entries of labels, resource amounts and a NodeClaim's fields costs no more than hashing. Equal to, and hashed as,
 * any map with the same entries; a copy made from it (a builder's) is a map of its own, changeable as ever.
 */
final class LeanMap<K, V> extends AbstractMap<K, V> {

    /** key, value, key, value, … */
    private final Object[] entries;

    LeanMap(Object[] entries) {
        if (entries.length % 2 != 0) throw new IllegalArgumentException("keys and values must come in pairs");
        this.entries = entries;
    }

    @Override
    public int size() {
        return entries.length / 2;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) entries[i + 1];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < entries.length; i += 2) {
            if (Objects.equals(entries[i], key)) return i;
        }
        return -1;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return LeanMap.this.size();
            }

            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < entries.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<K, V> next() {
                        if (!hasNext()) throw new NoSuchElementException();
                        Entry<K, V> e = new SimpleImmutableEntry<>((K) entries[next], (V) entries[next + 1]);
                        next += 2;
                        return e;
                    }
                };
            }
        };
    }
}
