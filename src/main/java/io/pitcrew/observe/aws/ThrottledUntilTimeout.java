package io.pitcrew.observe.aws;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.util.Locale;

/**
 * An AWS call that the timeout ended while the SDK waited to try a throttled call again is said as throttled: the SDK
 * waits as long as the answer's Retry-After asks, which may outlast pitcrew's timeout, and then throws only "API call
 * timeout", losing the throttle AWS answered. This keeps each try's answer and, when the timeout ends a call whose last
 * try was throttled, gives the timeout that answer (status and error code) as its cause.
 */
final class ThrottledUntilTimeout implements ExecutionInterceptor {

    private static final ExecutionAttribute<SdkHttpResponse> LAST_ANSWER = new ExecutionAttribute<>("pitcrew.lastAnswer");

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(LAST_ANSWER, context.httpResponse());
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        SdkHttpResponse last = attributes.getAttribute(LAST_ANSWER);
        if (!(context.exception() instanceof ApiCallTimeoutException timeout) || last == null) return context.exception();
        // AWS's JSON services name the error in a header ("ThrottlingException:http://..."); a 429 is a throttle whatever its name
        String code = last.firstMatchingHeader("x-amzn-ErrorType").map(t -> t.split(":", 2)[0]).orElse(null);
        boolean throttled = last.statusCode() == 429
                || code != null && (code.toLowerCase(Locale.ROOT).contains("throttl") || code.equals("TooManyRequestsException"));
        if (!throttled) return timeout;
        // still the timeout (the SDK takes no other class here), caused by the throttle, which AwsError finds and says
        return ApiCallTimeoutException.create(timeout.getMessage(), AwsServiceException.builder().statusCode(last.statusCode())
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).sdkHttpResponse(last)
                        .errorMessage("throttled on every try until the timeout"
                                + last.firstMatchingHeader("Retry-After").map(wait -> " (Retry-After: " + wait + ")").orElse("")).build())
                .build());
    }
}
