package io.cipherocto.market.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Hostile and broken request envelopes for {@code /graphql} (issue 7, part 1), each with the answer the error
 * contract promises: a GraphQL JSON body, {@code extensions.code}, {@code field} where a variable is at fault, and
 * nothing internal in any message. Run by {@code RequestEnvelopeTest} (in-process) and {@code RequestEnvelopeIT}
 * (packaged jar, prod profile).
 */
public final class EnvelopeCases {

    /** Bigger than {@code octo.graphql.max-body-size} (1 MiB). */
    private static final int OVERSIZED = 2 * 1024 * 1024;
    private static final String JSON = "application/json";
    private static final String FIRST = "query($first: Int) { participants(first: $first) { totalCount } }";
    private static final String AMOUNT = "mutation($amount: TokenAmount!) { requestWithdrawal(amount: $amount) { id } }";
    /** Java packages, exception and class names: none may reach a client. */
    private static final Pattern INTERNAL = Pattern.compile(
            "java\\.|jakarta\\.|javax\\.|io\\.(vertx|smallrye|quarkus|cipherocto)|graphql\\.|com\\.fasterxml"
                    + "|Exception|\\bclass\\b|Integer|BigInteger|BigDecimal|Double|TokenAmount\\(|\\$\\$|\\bat [a-z]+\\.");

    private EnvelopeCases() {
    }

    /** One request and the answer it must get. */
    public record Case(String name, String method, String contentType, byte[] body, int status, String code,
            String field) {

        @Override
        public String toString() {
            return name;
        }
    }

    public static Stream<Arguments> all() {
        return cases().stream().map(c -> Arguments.of(c));
    }

    public static List<Case> cases() {
        return List.of(
                post("truncated JSON", "{\"query\": \"{ __typename", 200, "BAD_REQUEST"),
                post("JSON null", "null", 200, "BAD_REQUEST"),
                post("bare string", "\"{ __typename }\"", 200, "BAD_REQUEST"),
                post("batch (JSON array) is refused", "[{\"query\": \"{ __typename }\"}]", 200, "BAD_REQUEST"),
                post("empty object", "{}", 200, "BAD_REQUEST"),
                post("query not a string", "{\"query\": 5}", 200, "BAD_REQUEST"),
                new Case("invalid UTF-8", "POST", JSON, invalidUtf8(), 200, "BAD_REQUEST", null),
                post("variables a string", "{\"query\": \"{ __typename }\", \"variables\": \"str\"}", 200, "BAD_REQUEST"),
                post("variables an array", "{\"query\": \"{ __typename }\", \"variables\": [1]}", 200, "BAD_REQUEST"),
                post("operationName a number", "{\"query\": \"{ __typename }\", \"operationName\": 5}", 200,
                        "BAD_REQUEST"),
                post("extensions a string", "{\"query\": \"{ __typename }\", \"extensions\": \"x\"}", 200,
                        "BAD_REQUEST"),
                post("variables nested 1,000+ deep", "{\"query\": \"{ __typename }\", \"variables\": {\"v\": "
                        + "[".repeat(1500) + "]".repeat(1500) + "}}", 200, "QUERY_TOO_COMPLEX"),
                variable("Int given 1.5", FIRST, "{\"first\": 1.5}", "first"),
                variable("Int given 99999999999", FIRST, "{\"first\": 99999999999}", "first"),
                variable("Int given \"x\" (the ERRORS.md example)", FIRST, "{\"first\": \"x\"}", "first"),
                variable("Int given an object", FIRST, "{\"first\": {\"a\": 1}}", "first"),
                variable("TokenAmount given a JSON number", AMOUNT, "{\"amount\": 5}", "amount"),
                variable("TokenAmount given a float", AMOUNT, "{\"amount\": 1.5e3}", "amount"),
                variable("TokenAmount given null", AMOUNT, "{\"amount\": null}", "amount"),
                new Case("empty body", "POST", JSON, new byte[0], 200, "BAD_REQUEST", null),
                new Case("unsupported content type", "POST", "text/plain",
                        "{ __typename }".getBytes(StandardCharsets.UTF_8), 200, "BAD_REQUEST", null),
                new Case("body over the limit", "POST", JSON, oversized(OVERSIZED), 413, "QUERY_TOO_COMPLEX", null),
                new Case("body over Quarkus' own 10 MiB limit", "POST", JSON, oversized(11 * 1024 * 1024), 413,
                        "QUERY_TOO_COMPLEX", null),
                new Case("GET is refused", "GET", null, null, 405, "BAD_REQUEST", null),
                new Case("PUT is refused", "PUT", JSON, "{\"query\": \"{ __typename }\"}".getBytes(StandardCharsets.UTF_8),
                        405, "BAD_REQUEST", null));
    }

    /** Sends {@code c} to {@code base} (e.g. http://127.0.0.1:8080) and asserts the contract's answer. */
    public static void check(HttpClient http, URI base, Case c) throws IOException, InterruptedException {
        String path = "GET".equals(c.method()) ? "/graphql?query=%7B__typename%7D" : "/graphql";
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/graphql-response+json, application/json");
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        request.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String seen = response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("-") + " "
                + response.body();
        assertThat(response.statusCode()).as("%s: status of %s", c.name(), seen).isEqualTo(c.status());
        assertThat(response.statusCode()).as("%s: never 500", c.name()).isLessThan(500);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as("%s: a GraphQL JSON body: %s", c.name(), seen).contains("json");
        JsonPath json = JsonPath.from(response.body());
        List<Map<String, Object>> errors = json.getList("errors");
        assertThat(errors).as("%s: errors in %s", c.name(), seen).isNotEmpty();
        assertThat(json.getString("errors[0].extensions.code")).as("%s: code in %s", c.name(), seen)
                .isEqualTo(c.code());
        assertThat(json.getString("errors[0].extensions.field")).as("%s: field in %s", c.name(), seen)
                .isEqualTo(c.field());
        for (Map<String, Object> error : errors) {
            assertThat(error.get("message")).as("%s: every error has a message: %s", c.name(), seen).isNotNull();
            assertThat(INTERNAL.matcher(String.valueOf(error)).find())
                    .as("%s: nothing internal in %s", c.name(), error).isFalse();
            assertThat(((Map<?, ?>) error.get("extensions")).get("code")).as("%s: a code on every error: %s",
                    c.name(), seen).isNotNull();
        }
    }

    private static Case post(String name, String body, int status, String code) {
        return new Case(name, "POST", JSON, body.getBytes(StandardCharsets.UTF_8), status, code, null);
    }

    private static Case variable(String name, String document, String variables, String field) {
        String body = "{\"query\": \"" + document.replace("\"", "\\\"") + "\", \"variables\": " + variables + "}";
        return new Case(name, "POST", JSON, body.getBytes(StandardCharsets.UTF_8), 200, "VALIDATION", field);
    }

    private static byte[] invalidUtf8() {
        byte[] head = "{\"query\": \"{ __typename }\", \"operationName\": \"".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 4];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xff;
        body[head.length + 1] = (byte) 0xfe;
        body[head.length + 2] = '"';
        body[head.length + 3] = '}';
        return body;
    }

    private static byte[] oversized(int size) {
        String padding = " ".repeat(size);
        return ("{\"query\": \"{ __typename }\"" + padding + "}").getBytes(StandardCharsets.UTF_8);
    }
}
