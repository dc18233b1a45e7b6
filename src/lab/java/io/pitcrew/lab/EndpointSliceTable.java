package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code kubectl get endpointslices}: ADDRESSTYPE, PORTS, ENDPOINTS (three, then "+ N more..."), AGE. */
final class EndpointSliceTable implements KindTable {

    private static final int SHOWN = 3;
    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.objectName(),
            TableColumn.string("AddressType", "addressType specifies the type of address carried by this EndpointSlice."),
            TableColumn.string("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice."),
            TableColumn.string("Endpoints", "endpoints is a list of unique endpoints in this slice."),
            TableColumn.age());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode slice, Instant now) {
        List<String> ports = new ArrayList<>();
        for (JsonNode p : slice.path("ports")) {
            ports.add(p.has("port") ? Integer.toString(p.path("port").asInt()) : p.path("name").asString("*"));
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode e : slice.path("endpoints")) e.path("addresses").forEach(a -> addresses.add(a.asString("")));
        return List.of(Cells.name(slice), slice.path("addressType").asString(""), moreThan(ports), moreThan(addresses),
                Cells.age(slice, now));
    }

    /** listWithMoreString: the first three, "+ N more...", or {@code <unset>} for none. */
    private static String moreThan(List<String> all) {
        if (all.isEmpty()) return "<unset>";
        String shown = String.join(",", all.subList(0, Math.min(SHOWN, all.size())));
        return all.size() > SHOWN ? shown + " + " + (all.size() - SHOWN) + " more..." : shown;
    }
}
