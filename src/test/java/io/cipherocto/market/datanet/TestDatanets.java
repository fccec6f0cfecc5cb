package io.cipherocto.market.datanet;

import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Datanets for contribution tests, made through the API with the terms a test needs. */
final class TestDatanets {

    record Terms(BigInteger bond, long windowSeconds, BigInteger deposit, int slashBps, int rewardBps) {
    }

    private TestDatanets() {
    }

    static String participantId(TestUser user) {
        return Datanets.signIn(user);
    }

    /** A datanet owned (and curated) by {@code owner}, with these terms. */
    static UUID create(TestUser owner, String policy, Terms terms) {
        Map<String, Object> input = Datanets.input("Contributions " + Datanets.word(), "contribution test data",
                List.of("test"), policy);
        Map<String, Object> t = new HashMap<>();
        t.put("bond", terms.bond().toString());
        t.put("challengeWindowSeconds", terms.windowSeconds());
        t.put("challengeDeposit", terms.deposit().toString());
        t.put("slashShareBps", terms.slashBps());
        t.put("challengerRewardBps", terms.rewardBps());
        input.put("terms", t);
        return UUID.fromString(Gql.as(owner, Datanets.CREATE, "input", input).body("errors", nullValue()).extract()
                .path("data.createDatanet.id"));
    }

    static void addCurator(UUID datanet, TestUser owner, TestUser curator) {
        Gql.as(owner, "mutation($d: ID!, $p: ID!) { addDatanetCurator(datanetId: $d, participantId: $p) { id } }",
                "d", datanet.toString(), "p", participantId(curator)).body("errors", nullValue());
    }

    static void grant(UUID datanet, TestUser reader, TestUser by) {
        grant(datanet, Map.of("datanetId", datanet.toString(), "participantId", participantId(reader)), by);
    }

    static void grantPartner(UUID datanet, String partnerId, TestUser by) {
        grant(datanet, Map.of("datanetId", datanet.toString(), "partnerId", partnerId), by);
    }

    private static void grant(UUID datanet, Map<String, Object> input, TestUser by) {
        Gql.as(by, "mutation($i: GrantDatanetAccessInput!) { grantDatanetAccess(input: $i) { id } }", "i", input)
                .body("errors", nullValue());
    }
}
