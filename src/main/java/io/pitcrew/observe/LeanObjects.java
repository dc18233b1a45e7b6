package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;

/**
 * Makes a Fabric8 object cheap to keep (in serve's watch caches, in doctor's snapshot) without dropping any field a
 * check could read. Measured with 3 x 10,000 pods (bench/serve-memory.sh), most of serve's heap was not data: every
 * model object carries an empty {@code additionalProperties} LinkedHashMap and most carry empty ArrayLists, labels
 * and resource amounts are LinkedHashMaps of a few entries, and the same strings (namespaces, images, label keys,
 * node names, "True", "Running") arrive once per object. So, as an object arrives:
 * <ul>
 *   <li>empty maps and lists become the shared immutable empty ones (checks only read cached objects);</li>
 *   <li>small maps (labels, resource amounts, a NodeClaim's fields: up to {@value #SMALL} entries) become a
 *       {@link LeanMap}, a quarter of a LinkedHashMap's size, in the same order and unchangeable;</li>
 *   <li>repeated strings are held once ({@link LeanStrings});</li>
 *   <li>{@code metadata.managedFields} and the {@code last-applied-configuration} annotation go: no check reads
 *       them on these kinds (a Secret's write times come from its managedFields, so Secrets are reduced to what is
 *       kept of them instead, and never come here), and on a real cluster they are the largest part of most objects.</li>
 * </ul>
 * Every map keeps its order; a bigger map stays a LinkedHashMap, so that a lookup in it is still a hash. Only
 * classes of the Fabric8 model are walked.
 */
public final class LeanObjects {

    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Entries of the biggest map kept as a {@link LeanMap}, whose lookups scan. */
    static final int SMALL = 32;

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && walked(c); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || leaf(f.getType())) continue;
                    f.setAccessible(true);
                    fields.add(f);
                }
            }
            return List.copyOf(fields);
        }
    };

    private LeanObjects() {}

    /** The object itself, slimmed in place; returned for use as what is kept of each object of a list. */
    public static <T extends HasMetadata> T slim(T object) {
        ObjectMeta meta = object.getMetadata();
        if (meta != null) {
            meta.setManagedFields(null);
            if (meta.getAnnotations() != null) meta.getAnnotations().remove(LAST_APPLIED);
        }
        walk(object, Collections.newSetFromMap(new IdentityHashMap<>()));
        return object;
    }

    /** A field of this type holds nothing to slim: a number, a flag or a constant (skipping them saves a tenth). */
    private static boolean leaf(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || type == Integer.class || type == Long.class || type == Boolean.class
                || type == Double.class;
    }

    private static boolean walked(Class<?> c) {
        return c.getName().startsWith("io.fabric8.kubernetes.api.model");
    }

    private static void walk(Object object, Set<Object> seen) {
        if (!seen.add(object)) return;
        try {
            for (Field f : FIELDS.get(object.getClass())) {
                Object value = f.get(object);
                Object lean = lean(value, seen);
                // a field declared as a concrete collection keeps its own (empty) one
                if (lean != value && f.getType().isInstance(lean)) f.set(object, lean);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot slim " + object.getClass().getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object lean(Object value, Set<Object> seen) {
        return switch (value) {
            case null -> null;
            case String s -> LeanStrings.of(s);
            case Map<?, ?> m when m.isEmpty() -> Map.of();
            case LinkedHashMap<?, ?> m when m.size() <= SMALL -> {
                Object[] entries = new Object[m.size() * 2];
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    entries[i++] = lean(e.getKey(), seen);
                    entries[i++] = lean(e.getValue(), seen);
                }
                yield new LeanMap<>(entries);
            }
            case LinkedHashMap<?, ?> m -> {
                // keys cannot be swapped in place: an equal map with the keys held once, same order
                LinkedHashMap<Object, Object> copy = LinkedHashMap.newLinkedHashMap(m.size());
                m.forEach((k, v) -> copy.put(lean(k, seen), lean(v, seen)));
                yield copy;
            }
            case List<?> l when l.isEmpty() -> List.of();
            case ArrayList<?> l -> {
                for (ListIterator<Object> it = ((List<Object>) l).listIterator(); it.hasNext(); ) {
                    Object v = it.next();
                    Object lv = lean(v, seen);
                    if (lv != v) it.set(lv);
                }
                l.trimToSize();
                yield l;
            }
            default -> {
                if (walked(value.getClass())) walk(value, seen);
                yield value;
            }
        };
    }
}
