package io.pitcrew.lab;

import java.net.URI;
import java.util.List;

/**
 * The test-side public face of {@link LabHealth}, so probe tests in other packages run against the real lab server
 * while {@code lab} stays closed to main code (nothing but {@code cli} imports it).
 */
public final class HealthLab implements AutoCloseable {

    public enum State { OK, FAILING, HANGING }

    public static final String FAILING_BODY = LabHealth.FAILING_BODY;

    private final LabHealth health;

    private HealthLab(LabHealth health) {
        this.health = health;
    }

    public static HealthLab start(List<String> regions) {
        return new HealthLab(LabHealth.start(regions));
    }

    public int port() { return health.port(); }

    public URI url(String region) { return health.url(region); }

    public String caPem() { return health.caPem(); }

    public void set(String region, State state) { health.set(region, LabHealth.State.valueOf(state.name())); }

    public void reset() { health.reset(); }

    @Override
    public void close() { health.close(); }
}
