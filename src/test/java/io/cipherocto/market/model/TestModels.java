package io.cipherocto.market.model;

import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.security.MessageDigest;

/** Model versions for tests, published through the API. */
public final class TestModels {

    public static final String FIELDS = """
            id name version baseModel licence weightsHash description tags pricePerInference earlyAccess jobReference
            owner { id } parent { id } datanets { id }""";
    public static final String PUBLISH = "mutation($i: PublishModelInput!) { publishModel(input: $i) { " + FIELDS
            + " } }";
    public static final String FINE_TUNE = "mutation($i: FineTuneModelInput!) { fineTuneModel(input: $i) { " + FIELDS
            + " } }";

    private TestModels() {
    }

    /** A random SHA-256 as lower-case hex. */
    public static String hash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(UUID.randomUUID().toString().getBytes()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A word of lower-case letters no other test uses (full-text search treats it as one lexeme). */
    public static String word() {
        StringBuilder b = new StringBuilder("zm");
        for (char c : UUID.randomUUID().toString().replace("-", "").substring(0, 10).toCharArray()) {
            b.append((char) ('a' + Character.digit(c, 16)));
        }
        return b.toString();
    }

    public static Map<String, Object> input(String name, String version, String price) {
        Map<String, Object> input = new HashMap<>();
        input.put("name", name);
        input.put("version", version);
        input.put("baseModel", "llama-3-8b");
        input.put("licence", "Apache-2.0");
        input.put("weightsHash", hash());
        input.put("description", "a test model");
        input.put("tags", List.of("test"));
        input.put("pricePerInference", price);
        return input;
    }

    /** Publishes a version as {@code owner} and returns its id. */
    public static String publish(TestUser owner, Map<String, Object> input) {
        return Gql.as(owner, PUBLISH, "i", input).body("errors", nullValue()).extract().path("data.publishModel.id");
    }

    public static String publish(TestUser owner) {
        return publish(owner, input("Model " + word(), "1.0.0", "1000"));
    }

    public static String signIn(TestUser user) {
        return Gql.as(user, "{ me { id } }").body("errors", nullValue()).extract().path("data.me.id");
    }
}
