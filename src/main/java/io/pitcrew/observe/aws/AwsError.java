package io.pitcrew.observe.aws;

import io.pitcrew.redact.Credentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
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
        return Credentials.excerpt(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), 300);
    }

    /** Whether AWS answered (refused, throttled, failed) rather than not being reached at all. */
    public static boolean answered(SdkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException) return true;
        }
        return false;
    }
}
