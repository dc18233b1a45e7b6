package io.pitcrew.check;

import io.pitcrew.observe.Snapshot;

import java.util.List;

/**
 * A diagnosis step that compares regions with each other, such as "Coder image versions across all clusters
 * (must be identical)". It sees every region that answered; its signals still name the region they are about.
 */
public interface PlatformCheck {

    String name();

    List<String> signals();

    List<Signal> check(Snapshot snapshot, CheckContext context);
}
