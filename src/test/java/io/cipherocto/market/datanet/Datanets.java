package io.cipherocto.market.datanet;

import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test helpers for datanets: create one through the API, sign users in, unique words. */
final class Datanets {

    static final String CREATE = """
            mutation($input: CreateDatanetInput!) {
              createDatanet(input: $input) {
                id slug name description tags licence policy
                terms { bond challengeWindowSeconds challengeDeposit slashShareBps challengerRewardBps }
                owner { id } curators { isOwner participant { id } }
              }
            }""";

    private Datanets() {
    }

    /** A word of lower-case letters no other test uses (full-text search treats it as one lexeme). */
    static String word() {
        StringBuilder b = new StringBuilder("zq");
        for (char c : UUID.randomUUID().toString().replace("-", "").substring(0, 10).toCharArray()) {
            b.append((char) ('a' + Character.digit(c, 16)));
        }
        return b.toString();
    }

    static Map<String, Object> input(String name, String description, List<String> tags, String policy) {
        Map<String, Object> input = new HashMap<>();
        input.put("name", name);
        input.put("slug", "dn-" + UUID.randomUUID().toString().substring(0, 13));
        input.put("description", description);
        input.put("tags", tags);
        input.put("licence", "CC-BY-4.0");
        input.put("policy", policy);
        return input;
    }

    /** Creates a datanet as {@code owner} and returns its id. */
    static String create(TestUser owner, String name, String description, List<String> tags, String policy) {
        return Gql.as(owner, CREATE, "input", input(name, description, tags, policy)).body("errors", nullValue())
                .extract().path("data.createDatanet.id");
    }

    static String gated(TestUser owner) {
        return create(owner, "Gated " + word(), "gated test data", List.of(word()), "GATED");
    }

    /** Signs the user in once (which makes the participant) and returns the participant id. */
    static String signIn(TestUser user) {
        return Gql.as(user, "{ me { id } }").body("errors", nullValue()).extract().path("data.me.id");
    }
}
