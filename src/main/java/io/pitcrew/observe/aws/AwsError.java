package io.pitcrew.observe.aws;

import io.pitcrew.redact.Credentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/** An AWS call that failed, as one line for a report: the service's error code and message, or why there was no answer. */
public final class AwsError {

    private AwsError() {}

    /** "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity"; "Unable to execute HTTP request: ...". */
    public static String describe(SdkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException s && s.awsErrorDetails() != null) {
                String code = s.awsErrorDetails().errorCode();
                String message = s.awsErrorDetails().errorMessage();
                return Credentials.excerpt((code == null ? "HTTP " + s.statusCode() : code)
                        + (message == null || message.isBlank() ? "" : ": " + message), 300);
            }
        }
        if (e instanceof ApiCallTimeoutException) return "no whole answer within the timeout (the SDK's retries included)";
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // the SDK names its parser's exception, with class and offsets, where a reader needs what happened
        if (message.startsWith("Unable to unmarshall response")) {
            boolean cut = message.contains("EOF") || message.contains("end-of-input");
            return cut ? "the answer was cut short (the connection broke, or the JSON ends early)" : "the answer is not valid JSON";
        }
        return Credentials.excerpt(message, 300);
    }

    /** The HTTP status AWS answered with, or 0 when it did not answer. */
    public static int status(SdkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException s) return s.statusCode();
        }
        return 0;
    }

    /** Whether AWS answered (refused, throttled, failed) rather than not being reached at all. */
    public static boolean answered(SdkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException) return true;
        }
        return false;
    }
}
