package io.pitcrew.act;

import io.pitcrew.config.Region;

/** The API server said 403: the message says which permission to ask for, and how to check it. */
public final class Forbidden extends ActionFailed {

    public Forbidden(String verb, String resource, String namespace, Region region, String serverMessage) {
        super("forbidden: pitcrew needs permission to " + verb + " " + resource + " in namespace " + namespace
                + " (region " + region.name() + ", context " + region.context() + ")"
                + (serverMessage == null ? "" : "; the API server said: " + serverMessage)
                + "\n  check with: kubectl auth can-i " + verb + " " + resource + " -n " + namespace + " --context " + region.context()
                + "\n  then ask the cluster's admins for a Role granting it, or run as someone who has it", null);
    }
}
