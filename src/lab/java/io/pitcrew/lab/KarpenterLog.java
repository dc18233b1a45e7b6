package io.pitcrew.lab;

import java.time.Instant;

/** Karpenter's controller logs JSON, one object a line. */
final class KarpenterLog {

    private KarpenterLog() {}

    static ContainerLine info(Instant t, String message, String controller) {
        return new ContainerLine(t, "{\"level\":\"INFO\",\"time\":\"" + t + "\",\"logger\":\"controller\",\"message\":\""
                + message + "\",\"commit\":\"490ef94\",\"controller\":\"" + controller + "\"}");
    }

    static ContainerLine error(Instant t, String message, String controller, String error) {
        return new ContainerLine(t, "{\"level\":\"ERROR\",\"time\":\"" + t + "\",\"logger\":\"controller\",\"message\":\""
                + message + "\",\"commit\":\"490ef94\",\"controller\":\"" + controller + "\",\"error\":\""
                + error.replace("\n", "\\n").replace("\t", "\\t").replace("\"", "\\\"") + "\"}");
    }

    static ContainerLine error(Instant t, String message, String controller, String nodeClaim, String error) {
        return new ContainerLine(t, "{\"level\":\"ERROR\",\"time\":\"" + t + "\",\"logger\":\"controller\",\"message\":\""
                + message + "\",\"commit\":\"490ef94\",\"controller\":\"" + controller + "\",\"NodeClaim\":{\"name\":\""
                + nodeClaim + "\"},\"error\":\"" + error + "\"}");
    }
}
