package io.pitcrew.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static java.net.HttpURLConnection.HTTP_GONE;

/**
 * A list read as kubectl reads a big one: {@code limit} objects a request, each page's {@code continue} token asking
 * for the next, so the answer arrives, and is reduced by {@code keep}, a page at a time: what is held is what is kept,
 * plus one page, never the whole list as parsed. The pages come from one snapshot of the server's store; a server that
 * no longer has it (410 Gone, "the provided continue parameter is too old", when a list outlives the store's
 * compaction window) is asked for the list again from the start, the pages read so far dropped, at most
 * {@value #ATTEMPTS} times. Any other failure midway throws: part of a list is never passed off as the whole.
 */
public final class PagedList {

    /** Objects a request, as kubectl asks for them. */
    public static final long PAGE = 500;
    /** Lists started again when the server forgets a list's continue token midway, before the list counts as failed. */
    static final int ATTEMPTS = 3;

    /** What was kept of every object of a list, in the server's order, and the resourceVersion it was read at. */
    public record Read<V>(List<V> items, String resourceVersion) {
        public Read {
            items = List.copyOf(items);
        }
    }

    private PagedList() {}

    /**
     * Every object {@code list} answers, each reduced by {@code keep} as its page arrives.
     *
     * @param list     one request: a page of the objects of a kind (in a namespace or all)
     * @param pageSize objects a request; 0 (or less) asks for the whole list in one answer
     * @throws KubernetesClientException the list could not be read whole
     */
    public static <T extends HasMetadata, V> Read<V> read(Function<ListOptions, ? extends KubernetesResourceList<T>> list,
                                                          long pageSize, Function<? super T, ? extends V> keep) {
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnce(list, pageSize, keep);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HTTP_GONE || attempt == ATTEMPTS) throw e;
            }
        }
    }

    private static <T extends HasMetadata, V> Read<V> readOnce(Function<ListOptions, ? extends KubernetesResourceList<T>> list,
                                                               long pageSize, Function<? super T, ? extends V> keep) {
        List<V> kept = new ArrayList<>();
        String next = null;
        String resourceVersion;
        do {
            ListOptions options = pageSize <= 0 ? new ListOptions() : new ListOptionsBuilder().withLimit(pageSize).withContinue(next).build();
            // the page is a local of this turn: it is garbage before the next one is asked for
            KubernetesResourceList<T> page = list.apply(options);
            for (T item : page.getItems()) kept.add(keep.apply(item));
            ListMeta meta = page.getMetadata();
            next = pageSize <= 0 || meta == null ? null : meta.getContinue();
            resourceVersion = meta == null ? null : meta.getResourceVersion();
        } while (next != null && !next.isEmpty());
        return new Read<>(kept, resourceVersion);
    }
}
