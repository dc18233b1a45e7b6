package io.pitcrew.server.detection;

import java.util.List;

/** One region as serve shows it ({@code /api/regions}, the dashboard): doctor's status of it plus the state of its watches. */
public record RegionView(String name, String role, String context, String status, String error, int nodes, int pods,
                         int workspaces, List<String> gaps, long watchReconnects) {}
