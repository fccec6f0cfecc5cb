package io.cipherocto.market.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.model.TestModels;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The access policy with real Keycloak users of each tier: versioned admin edits (who, when, why; stale edits and bad
 * lines refused, nothing written), each participant's entitlements, and early access — an early-access model and the
 * agents built on it are invisible, not merely unpurchasable, to callers whose tier lacks it: by id, in the
 * catalogues, in nested fields and as a job's model; a policy edit changes that at once.
 */
@QuarkusTest
public class PartnerAccessTest {

    static final String POLICY = """
            { accessPolicy { version changedBy reason entitlements { audience agreement earlyAccess revenueShareBps
              boardObserver coMarketing support budget { bucketSize restoreRate maxCostPerRequest } } } }""";
    static final String UPDATE = """
            mutation($e: [EntitlementsInput!]!, $r: String!, $v: Int!) {
              updateAccessPolicy(entitlements: $e, reason: $r, expectedVersion: $v) { version changedBy reason } }""";
    static final String HISTORY = "query($n: Int) { accessPolicyHistory(first: $n) { edges { node { version "
            + "changedBy reason } } } }";

    @Test
    void thePolicyIsVersionedAuditedAndOnlyAdminsEditIt() {
        TestUser admin = TestUsers.create("policy-admin", "admin");
        TestUser consumer = TestUsers.user("policy-user").roles("consumer").partner("STRATEGIC").create();
        JsonPath before = Gql.as(admin, POLICY).body("errors", nullValue()).extract().jsonPath();
        int version = before.getInt("data.accessPolicy.version");
        assertThat(before.getList("data.accessPolicy.entitlements.audience"))
                .containsExactly("ANONYMOUS", "PARTICIPANT", "COMMUNITY", "INTEGRATION", "STRATEGIC");
        Gql.as(consumer, POLICY).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        Gql.anonymous(POLICY).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));

        List<Map<String, Object>> lines = lines(before);
        Gql.as(consumer, UPDATE, "e", lines, "r", "try", "v", version)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        // bad lines: each refused with its field, the policy unchanged
        List<Map<String, Object>> missing = new ArrayList<>(lines.subList(0, 4));
        refused(admin, missing, version, "entitlements");
        List<Map<String, Object>> twice = new ArrayList<>(lines);
        twice.set(1, lines.get(0));
        refused(admin, twice, version, "entitlements[1].audience");
        refused(admin, with(lines, 0, "earlyAccess", true), version, "entitlements[0]");
        refused(admin, with(lines, 4, "maxCostPerRequest", 1_000_000_000), version, "entitlements[4].maxCostPerRequest");
        refused(admin, with(lines, 3, "revenueShareBps", 10_001), version, "entitlements[3].revenueShareBps");
        Gql.as(admin, UPDATE, "e", lines, "r", " ", "v", version)
                .body("errors[0].extensions.field", equalTo("reason"));
        Gql.as(admin, UPDATE, "e", lines, "r", "stale", "v", version - 1)
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("STALE_POLICY_VERSION"))
                .body("errors[0].extensions.version", equalTo(version));
        Gql.as(admin, POLICY).body("data.accessPolicy.version", equalTo(version));

        String why = "raise the strategic share " + TestModels.word();
        Gql.as(admin, UPDATE, "e", with(lines, 4, "revenueShareBps", 1500), "r", why, "v", version)
                .body("errors", nullValue())
                .body("data.updateAccessPolicy.version", equalTo(version + 1))
                .body("data.updateAccessPolicy.changedBy", equalTo(admin.username()));
        Gql.as(consumer, "{ me { partner { tier entitlements { revenueShareBps } } } }")
                .body("data.me.partner.entitlements.revenueShareBps", equalTo(1500));
        Gql.as(admin, HISTORY, "n", 2).body("data.accessPolicyHistory.edges[0].node.version", equalTo(version + 1))
                .body("data.accessPolicyHistory.edges[0].node.reason", equalTo(why))
                .body("data.accessPolicyHistory.edges[1].node.version", equalTo(version));
        // the same edit again, from the version it was made on: stale
        Gql.as(admin, UPDATE, "e", lines, "r", "again", "v", version)
                .body("errors[0].extensions.reason", equalTo("STALE_POLICY_VERSION"));
        restore(admin, lines);
    }

    @Test
    void everyParticipantSeesWhatThePolicyGrantsItsTier() {
        TestUser strategic = TestUsers.user("tier-s").roles("consumer").partner("STRATEGIC", "acme-s").create();
        TestUser plain = TestUsers.create("tier-none", "consumer");
        String me = "{ me { entitlements { audience support budget { bucketSize } } partner { partnerId tier "
                + "entitlements { audience agreement earlyAccess boardObserver support } } } }";
        Gql.as(strategic, me).body("errors", nullValue())
                .body("data.me.partner.partnerId", equalTo("acme-s"))
                .body("data.me.partner.tier", equalTo("STRATEGIC"))
                .body("data.me.partner.entitlements.agreement", equalTo("CONTRACT"))
                .body("data.me.partner.entitlements.earlyAccess", equalTo(true))
                .body("data.me.partner.entitlements.support", equalTo("DEDICATED"))
                .body("data.me.entitlements.audience", equalTo("STRATEGIC"));
        Gql.as(plain, me).body("errors", nullValue()).body("data.me.partner", nullValue())
                .body("data.me.entitlements.audience", equalTo("PARTICIPANT"))
                .body("data.me.entitlements.support", equalTo("COMMUNITY"));
    }

    @Test
    void earlyAccessListingsAreInvisibleWithoutTheTierOnEveryPath() {
        TestUser owner = TestUsers.create("early-owner", "contributor");
        TestUser admin = TestUsers.create("early-admin", "admin");
        TestUser community = TestUsers.user("early-c").roles("consumer", "contributor").partner("COMMUNITY").create();
        TestUser plain = TestUsers.create("early-p", "consumer", "contributor");
        TestUser integration = TestUsers.user("early-i").roles("consumer").partner("INTEGRATION").create();
        TestUser strategic = TestUsers.user("early-s").roles("consumer").partner("STRATEGIC").create();
        String datanet = io.cipherocto.market.model.ModelCatalogTest.datanet();
        String word = TestModels.word();
        Map<String, Object> input = TestModels.input("Early " + word, "1.0.0", "100");
        input.put("earlyAccess", true);
        input.put("datanetIds", List.of(datanet));
        String model = TestModels.publish(owner, input);
        String agent = Gql.as(owner, "mutation($i: CreateAgentInput!) { createAgent(input: $i) { id earlyAccess } }",
                        "i", Map.of("name", "Agent " + word, "description", "on an early model", "pricePerCall", "5",
                                "modelIds", List.of(model)))
                .body("errors", nullValue()).body("data.createAgent.earlyAccess", equalTo(true))
                .extract().path("data.createAgent.id");
        Gql.as(owner, "mutation($id: ID!) { listAgent(id: $id) { status } }", "id", agent).body("errors", nullValue());

        for (TestUser sees : List.of(owner, admin, integration, strategic)) {
            assertSees(sees, true, model, agent, datanet, word);
        }
        assertSees(null, false, model, agent, datanet, word);
        for (TestUser blind : List.of(community, plain)) {
            assertSees(blind, false, model, agent, datanet, word);
            // building on it or running a job on it: as unknown as a model that does not exist
            Gql.as(blind, "mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }", "i",
                            Map.of("name", "Copy " + word, "description", "x", "pricePerCall", "5",
                                    "modelIds", List.of(model)))
                    .body("errors[0].extensions.code", equalTo("VALIDATION"))
                    .body("errors[0].extensions.field", equalTo("input.modelIds"));
            Gql.as(blind, "mutation($i: SubmitJobInput!) { submitJob(input: $i) { id } }", "i",
                            Map.of("kind", "INFERENCE", "modelId", model, "gpuClass", "A100", "memoryGb", 8,
                                    "maxDurationSeconds", 60, "budget", "10"))
                    .body("errors[0].extensions.code", equalTo("VALIDATION"))
                    .body("errors[0].extensions.field", equalTo("input.modelId"));
        }

        // the policy changes, and COMMUNITY sees it at once; then back
        JsonPath policy = Gql.as(admin, POLICY).extract().jsonPath();
        List<Map<String, Object>> lines = lines(policy);
        Gql.as(admin, UPDATE, "e", with(lines, 2, "earlyAccess", true), "r", "community preview", "v",
                policy.getInt("data.accessPolicy.version")).body("errors", nullValue());
        try {
            assertSees(community, true, model, agent, datanet, word);
            assertSees(plain, false, model, agent, datanet, word);
        } finally {
            restore(admin, lines);
        }
        assertSees(community, false, model, agent, datanet, word);
    }

    static void assertSees(TestUser user, boolean sees, String model, String agent, String datanet,
            String word) {
        String document = """
                query($m: ID!, $a: ID!, $d: ID!, $w: String!) {
                  model(id: $m) { id agents { id } }
                  agent(id: $a) { id models { id } }
                  models(filter: { search: $w }) { totalCount edges { node { id } } }
                  agents(filter: { search: $w }) { totalCount edges { node { id } } }
                  datanet(id: $d) { models { id } }
                  modelLineage(id: $m) { model { id } } }""";
        Object[] variables = {"m", model, "a", agent, "d", datanet, "w", word};
        JsonPath r = (user == null ? Gql.anonymous(document, variables) : Gql.as(user, document, variables))
                .body("errors", nullValue()).extract().jsonPath();
        String who = user == null ? "anonymous" : user.toString();
        if (sees) {
            assertThat(r.getString("data.model.id")).as(who).isEqualTo(model);
            assertThat(r.getList("data.model.agents.id")).as(who).containsExactly(agent);
            assertThat(r.getList("data.agent.models.id")).as(who).containsExactly(model);
            assertThat(r.getInt("data.models.totalCount")).as(who).isEqualTo(1);
            assertThat(r.getList("data.agents.edges.node.id")).as(who).containsExactly(agent);
            assertThat(r.getList("data.datanet.models.id")).as(who).containsExactly(model);
            assertThat(r.getString("data.modelLineage.model.id")).as(who).isEqualTo(model);
        } else {
            assertThat(r.getString("data.model")).as(who).isNull();
            assertThat(r.getString("data.agent")).as(who).isNull();
            assertThat(r.getInt("data.models.totalCount")).as(who).isZero();
            assertThat(r.getList("data.models.edges")).as(who).isEmpty();
            assertThat(r.getInt("data.agents.totalCount")).as(who).isZero();
            assertThat(r.getList("data.datanet.models")).as(who).isEmpty();
            assertThat(r.getString("data.modelLineage")).as(who).isNull();
        }
    }

    private static void refused(TestUser admin, List<Map<String, Object>> lines, int version, String field) {
        Gql.as(admin, UPDATE, "e", lines, "r", "bad", "v", version)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo(field));
    }

    /** The policy's lines as update input. */
    static List<Map<String, Object>> lines(JsonPath policy) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map<String, Object> line : policy.<Map<String, Object>>getList("data.accessPolicy.entitlements")) {
            Map<String, Object> input = new HashMap<>(line);
            @SuppressWarnings("unchecked")
            Map<String, Object> budget = (Map<String, Object>) input.remove("budget");
            input.putAll(budget);
            lines.add(input);
        }
        return lines;
    }

    static List<Map<String, Object>> with(List<Map<String, Object>> lines, int index, String key, Object value) {
        List<Map<String, Object>> copy = new ArrayList<>();
        lines.forEach(line -> copy.add(new HashMap<>(line)));
        copy.get(index).put(key, value);
        return copy;
    }

    /** Puts {@code lines} back in force (a new version), whatever version is in force now. */
    static void restore(TestUser admin, List<Map<String, Object>> lines) {
        int now = Gql.as(admin, "{ accessPolicy { version } }").extract().path("data.accessPolicy.version");
        Gql.as(admin, UPDATE, "e", lines, "r", "test restores the policy", "v", now).body("errors", nullValue());
    }
}
