package io.pitcrew.notify;

/** Where a notification goes. */
public enum Channel {
    SLACK("slack"), PAGERDUTY("pagerduty"), GITHUB("github");

    private final String id;

    Channel(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
