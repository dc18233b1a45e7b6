package io.pitcrew.server.http;

import io.javalin.http.Context;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A request's JSON object, with its fields read so that a missing or mistyped one is a 400 naming the field. */
public record JsonBody(JsonNode root) {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public static JsonBody of(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) return new JsonBody(JSON.createObjectNode());
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw ApiError.badRequest("the body is not JSON: send a JSON object with Content-Type: application/json");
        }
        if (!root.isObject()) throw ApiError.badRequest("the body must be a JSON object, e.g. {\"text\": \"...\"}");
        return new JsonBody(root);
    }

    public String text(String field) {
        return optionalText(field).filter(s -> !s.isBlank()).orElseThrow(() -> ApiError.badRequest(
                "field '" + field + "' is required (a non-empty string)"));
    }

    public Optional<String> optionalText(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) return Optional.empty();
        if (!n.isString()) throw ApiError.badRequest("field '" + field + "' must be a string");
        return Optional.of(n.asString());
    }

    public boolean bool(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) throw ApiError.badRequest("field '" + field + "' is required (true or false)");
        if (!n.isBoolean()) throw ApiError.badRequest("field '" + field + "' must be true or false");
        return n.asBoolean();
    }

    /** An object of strings (numbers and booleans are taken as typed, so {"replicas": 10} works too). */
    public Map<String, String> strings(String field) {
        JsonNode n = root.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) return out;
        if (!n.isObject()) throw ApiError.badRequest("field '" + field + "' must be an object of names to values");
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull()) throw ApiError.badRequest(field + "." + e.getKey() + " must be a string or a number");
            out.put(e.getKey(), v.asString());
        }
        return out;
    }

    public static void write(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    public static void error(Context ctx, int status, String message) {
        write(ctx, status, Map.of("error", message));
    }
}
