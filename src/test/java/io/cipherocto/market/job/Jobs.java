package io.cipherocto.market.job;

import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.model.TestModels;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.Ledgers;
import io.cipherocto.market.support.Stakers;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.Wallets;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.graphql.client.websocket.WebsocketSubprotocol;
import java.math.BigInteger;
import java.net.URL;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.web3j.crypto.Credentials;

/** Job test helpers: staked, registered operators with a GPU class of their own, funded consumers, attestations. */
final class Jobs {

    static final String JOB_FIELDS = "id state reason progress spent budget paid fee refunded attempts deadline "
            + "resultHash operator { participantId abandoned reputation }";
    static final String EVENT_FIELDS = "cursor kind jobId state previousState reason message progress spent logLines "
            + "payment { kind amount participantId finality }";
    static final String SUBMIT = "mutation($i: SubmitJobInput!) { submitJob(input: $i) { " + JOB_FIELDS + " } }";
    static final String CLAIM = "mutation($id: ID) { claimJob(jobId: $id) { " + JOB_FIELDS + " } }";
    static final String HEARTBEAT = "mutation($i: JobHeartbeatInput!) { heartbeatJob(input: $i) { " + JOB_FIELDS + " } }";
    static final String COMPLETE = "mutation($i: CompleteJobInput!) { completeJob(input: $i) { " + JOB_FIELDS + " } }";
    static final String CANCEL = "mutation($id: ID!, $r: String) { cancelJob(id: $id, reason: $r) { " + JOB_FIELDS + " } }";
    static final String JOB = "query($id: ID!) { job(id: $id) { " + JOB_FIELDS + " } }";
    static final String EVENTS = "query($id: ID!, $a: String) { jobEvents(jobId: $id, first: 100, after: $a) { "
            + "edges { cursor node { " + EVENT_FIELDS + " } } } }";
    static final BigInteger STAKE = BigInteger.valueOf(100);

    /** A registered operator: its user, participant id and the staked wallet that signs its attestations. */
    record Operator(TestUser user, UUID id, Credentials wallet, String gpuClass) {
    }

    private Jobs() {
    }

    /** A GPU class no other test uses, so claims without an id pick this test's jobs only. */
    static String gpuClass() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    }

    static UUID participantId(TestUser user) {
        return UUID.fromString(Gql.as(user, "{ me { id } }").body("errors", nullValue()).extract().path("data.me.id"));
    }

    /** An operator with a fresh wallet staked {@link #STAKE} (the test minimum), registered for {@code gpuClass}. */
    static Operator operator(Chain chain, String gpuClass, int memoryGb) throws Exception {
        TestUser user = TestUsers.create("operator", "operator");
        Credentials wallet = Stakers.linkedWallet(chain, user, STAKE.multiply(BigInteger.TEN));
        Stakers.stake(chain, wallet, STAKE);
        Gql.as(user, "mutation($i: RegisterOperatorInput!) { registerOperator(input: $i) { participantId } }",
                "i", Map.of("gpuClass", gpuClass, "memoryGb", memoryGb)).body("errors", nullValue());
        return new Operator(user, participantId(user), wallet, gpuClass);
    }

    /** A consumer credited with {@code funds} base units. */
    static TestUser consumer(BigInteger funds) throws Throwable {
        TestUser user = TestUsers.create("jobconsumer", "consumer");
        Ledgers.credit(participantId(user), funds);
        return user;
    }

    static Map<String, Object> input(String gpuClass, BigInteger budget, Object... overrides) {
        Map<String, Object> input = new HashMap<>();
        input.put("kind", "TRAINING");
        input.put("datanetIds", java.util.List.of());
        input.put("gpuClass", gpuClass);
        input.put("memoryGb", 40);
        input.put("maxDurationSeconds", 3600);
        input.put("budget", budget.toString());
        for (int i = 0; i < overrides.length; i += 2) {
            input.put((String) overrides[i], overrides[i + 1]);
        }
        return input;
    }

    /** Submits an INFERENCE job on a fresh model (no datanet needed). */
    static String submit(TestUser consumer, String gpuClass, BigInteger budget, Object... overrides) {
        Map<String, Object> input = input(gpuClass, budget, overrides);
        input.put("kind", "INFERENCE");
        input.putIfAbsent("modelId", null);
        if (input.get("modelId") == null) {
            input.put("modelId", model());
        }
        return Gql.as(consumer, SUBMIT, "i", input).body("errors", nullValue()).extract().path("data.submitJob.id");
    }

    private static String model;

    /** One published model shared by the jobs of a run (jobs only need one to exist). */
    static synchronized String model() {
        if (model == null) {
            model = TestModels.publish(TestUsers.create("jobmodel", "contributor"));
        }
        return model;
    }

    static String attestation(String jobId, String outcome, String resultHash, Credentials signer) {
        return Wallets.sign(JobService.attestationMessage(UUID.fromString(jobId), JobState.valueOf(outcome),
                resultHash), signer.getEcKeyPair());
    }

    static String resultHash() {
        return "0x" + UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    static DynamicGraphQLClient client(URL graphql, TestUser user) {
        return new VertxDynamicGraphQLClientBuilder().url(graphql.toString())
                .subprotocols(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS)
                .initPayload(Map.of("Authorization", "Bearer " + user.token())).build();
    }
}
