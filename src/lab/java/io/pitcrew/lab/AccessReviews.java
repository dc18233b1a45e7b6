package io.pitcrew.lab;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * SelfSubjectAccessReviews, as kube-apiserver answers {@code kubectl auth can-i} (the runbook asks it when a region
 * does not answer): the review sent back with {@code status.allowed} filled in by the lab's authorizer. Nothing is
 * stored, as on a cluster.
 */
final class AccessReviews {

    static final String PATH = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AccessReviews() {}

    static MockResponse answer(RecordedRequest request, Authorizer authorizer) {
        JsonNode review;
        try {
            review = JSON.readTree(request.getUtf8Body());
        } catch (RuntimeException e) {
            return ApiDispatcher.status(400, "BadRequest", "the SelfSubjectAccessReview is not JSON: " + e.getMessage());
        }
        JsonNode resource = review.path("spec").path("resourceAttributes");
        JsonNode nonResource = review.path("spec").path("nonResourceAttributes");
        RequestAttributes asked;
        if (resource.isObject()) {
            asked = new RequestAttributes(resource.path("verb").asString(""), true, resource.path("group").asString(""),
                    resource.path("resource").asString(""), resource.path("subresource").asString(""),
                    resource.path("namespace").asString(""), resource.path("name").asString(""), "");
        } else if (nonResource.isObject()) {
            asked = new RequestAttributes(nonResource.path("verb").asString(""), false, "", "", "", "", "",
                    nonResource.path("path").asString(""));
        } else {
            return ApiDispatcher.status(422, "Invalid",
                    "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: "
                            + "\"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified");
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("kind", "SelfSubjectAccessReview");
        answer.put("apiVersion", "authorization.k8s.io/v1");
        answer.putObject("metadata").putNull("creationTimestamp");
        answer.set("spec", review.path("spec"));
        answer.putObject("status").put("allowed", authorizer.allowsItself(request, asked));
        return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(answer.toString());
    }
}
