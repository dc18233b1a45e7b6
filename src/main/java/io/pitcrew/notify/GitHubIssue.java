package io.pitcrew.notify;

import java.net.URI;

/** An issue GitHub opened: its number and where people read it. */
public record GitHubIssue(int number, URI htmlUrl) {}
