package io.cipherocto.market.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.settlement.LedgerService;
import io.cipherocto.market.settlement.Posting;
import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.Ledgers;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Partner organisations with real Keycloak users (an admin, members carrying the organisation's partner_id claim,
 * outsiders) and the real database: validation of every input, the lifecycle's allowed and refused moves and their
 * trail, concurrent moves, who may read what, and the KPIs from data the test makes.
 */
@QuarkusTest
class PartnerOrganisationTest {

    static final String ORG_FIELDS = "id partnerId name website category tier programme commitment stage stageSince "
            + "createdAt updatedAt nextStages memberCount";
    static final String CREATE = "mutation($i: CreatePartnerOrganisationInput!) { createPartnerOrganisation(input: $i) { "
            + ORG_FIELDS + " } }";
    static final String UPDATE = "mutation($i: UpdatePartnerOrganisationInput!) { updatePartnerOrganisation(input: $i) { "
            + ORG_FIELDS + " } }";
    static final String MOVE = "mutation($i: MovePartnerOrganisationInput!) { movePartnerOrganisation(input: $i) { "
            + ORG_FIELDS + " } }";
    static final String FEATURE = "mutation($o: ID!, $t: String!, $s: DateTime!) { recordCoDevelopedFeature("
            + "organisationId: $o, title: $t, shippedAt: $s) { id title shippedAt } }";
    static final String ORG = "query($id: ID!) { partnerOrganisation(id: $id) { " + ORG_FIELDS
            + " members(first: 10) { edges { node { username partnerId } } pageInfo { hasNextPage } } "
            + "coDevelopedFeatures { title shippedAt } } }";
    static final String HISTORY = "query($id: ID!, $after: String) { partnerOrganisation(id: $id) { "
            + "stageHistory(first: 3, after: $after) { edges { node { id from to reason at actor { username } } } "
            + "pageInfo { hasNextPage endCursor } } } }";
    static final String KPIS = "query($from: DateTime, $to: DateTime) { partnerKpis(from: $from, to: $to) { from to "
            + "kpis { metric name value numerator denominator target measurement definition } } }";

    private static final BigInteger OCTO = BigInteger.TEN.pow(18);

    private static String partnerId() {
        return "org-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> input(String partnerId, Object... extra) {
        Map<String, Object> input = new HashMap<>(Map.of("partnerId", partnerId, "name", "Org " + partnerId,
                "website", "https://" + partnerId + ".example", "category", "TECHNOLOGY", "tier", "INTEGRATION"));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            input.put((String) extra[i], extra[i + 1]);
        }
        return input;
    }

    private static String create(TestUser admin, String partnerId, Object... extra) {
        return Gql.as(admin, CREATE, "i", input(partnerId, extra)).body("errors", nullValue()).extract()
                .path("data.createPartnerOrganisation.id");
    }

    private static JsonPath move(TestUser admin, String id, String to, String reason) {
        return Gql.as(admin, MOVE, "i", Map.of("id", id, "to", to, "reason", reason)).body("errors", nullValue())
                .extract().jsonPath();
    }

    private static void moveThrough(TestUser admin, String id, String... stages) {
        for (String stage : stages) {
            move(admin, id, stage, "to " + stage);
        }
    }

    private static final String[] TO_GROWTH = {"QUALIFICATION", "OUTREACH", "DISCUSSION", "TERM_SHEET", "INTEGRATION",
            "LAUNCH", "GROWTH"};

    private static void assertValidation(TestUser admin, String document, Map<String, Object> input, String field) {
        Gql.as(admin, document, "i", input).body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo(field));
    }

    @Test
    void createAndUpdateRefuseEveryBadInputAndWriteNothing() {
        TestUser admin = TestUsers.create("org-admin", "admin");
        String taken = partnerId();
        JsonPath created = Gql.as(admin, CREATE, "i", input(taken, "website", "HTTPS://Acme.example/partners",
                        "programme", "DESIGN_PARTNER", "commitment", OCTO.multiply(BigInteger.valueOf(100_000)).toString()))
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(created.getString("data.createPartnerOrganisation.stage")).isEqualTo("IDENTIFICATION");
        assertThat(created.getString("data.createPartnerOrganisation.website"))
                .isEqualTo("https://Acme.example/partners");
        assertThat(created.getList("data.createPartnerOrganisation.nextStages"))
                .containsExactly("QUALIFICATION", "SUNSET");
        String id = created.getString("data.createPartnerOrganisation.id");

        String fresh = partnerId();
        assertValidation(admin, CREATE, input("-leading-hyphen"), "input.partnerId");
        assertValidation(admin, CREATE, input("has space"), "input.partnerId");
        assertValidation(admin, CREATE, input("x".repeat(65)), "input.partnerId");
        assertValidation(admin, CREATE, input(fresh, "name", "  "), "input.name");
        assertValidation(admin, CREATE, input(fresh, "name", "n".repeat(201)), "input.name");
        assertValidation(admin, CREATE, input(fresh, "website", "ftp://files.example"), "input.website");
        assertValidation(admin, CREATE, input(fresh, "website", "javascript:alert(1)"), "input.website");
        assertValidation(admin, CREATE, input(fresh, "website", "not a url"), "input.website");
        assertValidation(admin, CREATE, input(fresh, "website", "https://user:pw@host.example"), "input.website");
        assertValidation(admin, CREATE, input(fresh, "website", "https://h.example/" + "p".repeat(2000)),
                "input.website");
        // a programme needs a commitment of at least its minimum; no programme takes none
        assertValidation(admin, CREATE, input(fresh, "programme", "STRATEGIC_PARTNER"), "input.commitment");
        assertValidation(admin, CREATE, input(fresh, "programme", "STRATEGIC_PARTNER", "commitment",
                OCTO.multiply(BigInteger.valueOf(500_000)).subtract(BigInteger.ONE).toString()), "input.commitment");
        assertValidation(admin, CREATE, input(fresh, "commitment", "1"), "input.commitment");
        assertValidation(admin, CREATE, input(fresh, "programme", "NONE", "commitment", "1"), "input.commitment");
        Gql.as(admin, CREATE, "i", input(fresh, "commitment", "1.5"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"));
        Gql.as(admin, CREATE, "i", input(taken)).body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("PARTNER_ID_TAKEN"));
        // none of the refused ones exists
        Gql.as(admin, "query($f: PartnerOrganisationFilter) { partnerOrganisations(first: 100, filter: $f) { "
                        + "edges { node { partnerId } } } }", "f", Map.of("stage", "IDENTIFICATION"))
                .body("errors", nullValue()).extract().jsonPath().getList("data.partnerOrganisations.edges.node.partnerId")
                .forEach(p -> assertThat(p).isNotEqualTo(fresh));

        // update: the same rules, checked on the result
        assertValidation(admin, UPDATE, Map.of("id", id, "website", "mailto:x@y.example"), "input.website");
        assertValidation(admin, UPDATE, Map.of("id", id, "name", ""), "input.name");
        assertValidation(admin, UPDATE, Map.of("id", id, "programme", "FOUNDATION_PARTNER"), "input.commitment");
        assertValidation(admin, UPDATE, Map.of("id", id, "commitment", "5"), "input.commitment");
        assertValidation(admin, UPDATE, Map.of("id", id, "programme", "NONE", "commitment", "5"), "input.commitment");
        assertValidation(admin, UPDATE, Map.of("id", "nope"), "input.id");
        Gql.as(admin, UPDATE, "i", Map.of("id", UUID.randomUUID().toString(), "name", "x"))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        JsonPath updated = Gql.as(admin, UPDATE, "i", Map.of("id", id, "name", "Acme Foundation", "tier", "STRATEGIC",
                        "programme", "FOUNDATION_PARTNER", "commitment", OCTO.multiply(BigInteger.valueOf(2_000_000))
                                .toString())).body("errors", nullValue()).extract().jsonPath();
        assertThat(updated.getString("data.updatePartnerOrganisation.name")).isEqualTo("Acme Foundation");
        assertThat(updated.getString("data.updatePartnerOrganisation.tier")).isEqualTo("STRATEGIC");
        assertThat(updated.getString("data.updatePartnerOrganisation.programme")).isEqualTo("FOUNDATION_PARTNER");
        assertThat(updated.getString("data.updatePartnerOrganisation.commitment"))
                .isEqualTo(OCTO.multiply(BigInteger.valueOf(2_000_000)).toString());
        assertThat(updated.getString("data.updatePartnerOrganisation.category")).isEqualTo("TECHNOLOGY");
        // leaving the programme drops the commitment
        JsonPath left = Gql.as(admin, UPDATE, "i", Map.of("id", id, "programme", "NONE")).body("errors", nullValue())
                .extract().jsonPath();
        assertThat(left.getString("data.updatePartnerOrganisation.programme")).isEqualTo("NONE");
        assertThat(left.getString("data.updatePartnerOrganisation.commitment")).isNull();
    }

    @Test
    void theLifecycleAllowsOnlyItsMovesAndKeepsWhoWhenAndWhy() {
        TestUser admin = TestUsers.create("org-admin", "admin");
        String adminName = admin.username();
        String id = create(admin, partnerId());

        // refused moves: skipping a stage, going back, staying; no or an overlong reason; a stale expectation
        Gql.as(admin, MOVE, "i", Map.of("id", id, "to", "OUTREACH", "reason", "skip"))
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("ILLEGAL_PARTNER_TRANSITION"))
                .body("errors[0].extensions.stage", equalTo("IDENTIFICATION"))
                .body("errors[0].extensions.to", equalTo("OUTREACH"));
        Gql.as(admin, MOVE, "i", Map.of("id", id, "to", "IDENTIFICATION", "reason", "stay"))
                .body("errors[0].extensions.reason", equalTo("ILLEGAL_PARTNER_TRANSITION"));
        assertValidation(admin, MOVE, Map.of("id", id, "to", "QUALIFICATION", "reason", " "), "input.reason");
        assertValidation(admin, MOVE, Map.of("id", id, "to", "QUALIFICATION", "reason", "r".repeat(1001)),
                "input.reason");
        Gql.as(admin, MOVE, "i", Map.of("id", id, "to", "QUALIFICATION", "reason", "fit", "expectedStage", "OUTREACH"))
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("STALE_PARTNER_STAGE"))
                .body("errors[0].extensions.stage", equalTo("IDENTIFICATION"));
        Gql.as(admin, MOVE, "i", Map.of("id", UUID.randomUUID().toString(), "to", "QUALIFICATION", "reason", "x"))
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));

        JsonPath moved = Gql.as(admin, MOVE, "i", Map.of("id", id, "to", "QUALIFICATION", "reason", "Fit assessment",
                "expectedStage", "IDENTIFICATION")).body("errors", nullValue()).extract().jsonPath();
        assertThat(moved.getString("data.movePartnerOrganisation.stage")).isEqualTo("QUALIFICATION");
        moveThrough(admin, id, "OUTREACH", "DISCUSSION", "TERM_SHEET", "INTEGRATION", "LAUNCH");
        Gql.as(admin, MOVE, "i", Map.of("id", id, "to", "RENEWAL", "reason", "too early"))
                .body("errors[0].extensions.reason", equalTo("ILLEGAL_PARTNER_TRANSITION"));
        moveThrough(admin, id, "GROWTH", "RENEWAL", "GROWTH");
        JsonPath sunset = move(admin, id, "SUNSET", "Successful conclusion");
        assertThat(sunset.getList("data.movePartnerOrganisation.nextStages")).isEmpty();
        Gql.as(admin, MOVE, "i", Map.of("id", id, "to", "GROWTH", "reason", "revive"))
                .body("errors[0].extensions.reason", equalTo("ILLEGAL_PARTNER_TRANSITION"))
                .body("errors[0].extensions.stage", equalTo("SUNSET"));

        // the trail: creation plus eleven moves, oldest first, in pages of 3, nothing from the refused ones
        List<Map<String, Object>> trail = new ArrayList<>();
        String after = null;
        do {
            JsonPath page = Gql.as(admin, HISTORY, "id", id, "after", after).body("errors", nullValue()).extract()
                    .jsonPath();
            trail.addAll(page.getList("data.partnerOrganisation.stageHistory.edges.node"));
            after = page.getBoolean("data.partnerOrganisation.stageHistory.pageInfo.hasNextPage")
                    ? page.getString("data.partnerOrganisation.stageHistory.pageInfo.endCursor") : null;
        } while (after != null);
        assertThat(trail).extracting(n -> n.get("to")).containsExactly("IDENTIFICATION", "QUALIFICATION", "OUTREACH",
                "DISCUSSION", "TERM_SHEET", "INTEGRATION", "LAUNCH", "GROWTH", "RENEWAL", "GROWTH", "SUNSET");
        assertThat(trail).extracting(n -> n.get("from")).containsExactly(null, "IDENTIFICATION", "QUALIFICATION",
                "OUTREACH", "DISCUSSION", "TERM_SHEET", "INTEGRATION", "LAUNCH", "GROWTH", "RENEWAL", "GROWTH");
        assertThat(trail.get(0).get("reason")).isEqualTo("Target identified");
        assertThat(trail.get(1).get("reason")).isEqualTo("Fit assessment");
        assertThat(trail.getLast().get("reason")).isEqualTo("Successful conclusion");
        assertThat(trail).allSatisfy(n -> assertThat(((Map<?, ?>) n.get("actor")).get("username")).isEqualTo(adminName));
        List<String> times = trail.stream().map(n -> (String) n.get("at")).toList();
        assertThat(times).isSortedAccordingTo((a, b) -> java.time.OffsetDateTime.parse(a)
                .compareTo(java.time.OffsetDateTime.parse(b)));
        JsonPath org = Gql.as(admin, ORG, "id", id).body("errors", nullValue()).extract().jsonPath();
        assertThat(org.getString("data.partnerOrganisation.stageSince")).isEqualTo(times.getLast());
    }

    @Test
    void concurrentMovesFromOneStageAreSerialisedAndTheLoserIsTold() throws Exception {
        TestUser admin = TestUsers.create("org-admin", "admin");
        admin.token();
        String id = create(admin, partnerId());
        moveThrough(admin, id, TO_GROWTH);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pair = Executors.newFixedThreadPool(2);
        try {
            List<Future<JsonPath>> results = new ArrayList<>();
            for (String to : List.of("RENEWAL", "SUNSET")) {
                results.add(pair.submit(() -> {
                    start.await();
                    return Gql.as(admin, MOVE, "i", Map.of("id", id, "to", to, "reason", "decision",
                            "expectedStage", "GROWTH")).extract().jsonPath();
                }));
            }
            List<JsonPath> answers = new ArrayList<>();
            for (Future<JsonPath> r : results) {
                answers.add(r.get());
            }
            assertThat(answers).filteredOn(a -> a.get("errors") == null).hasSize(1);
            assertThat(answers).filteredOn(a -> a.get("errors") != null)
                    .singleElement().satisfies(a -> assertThat(a.getString("errors[0].extensions.reason"))
                            .isEqualTo("STALE_PARTNER_STAGE"));
            String winner = answers.stream().filter(a -> a.get("errors") == null).findFirst().orElseThrow()
                    .getString("data.movePartnerOrganisation.stage");
            JsonPath trail = Gql.as(admin, "query($id: ID!) { partnerOrganisation(id: $id) { stage "
                    + "stageHistory(first: 100) { edges { node { from to } } } } }", "id", id).extract().jsonPath();
            assertThat(trail.getString("data.partnerOrganisation.stage")).isEqualTo(winner);
            assertThat(trail.getList("data.partnerOrganisation.stageHistory.edges.node.to")).hasSize(9).last()
                    .isEqualTo(winner);
        } finally {
            pair.shutdownNow();
        }
    }

    @Test
    void onlyAdminsAdministerAndAMemberReadsItsOwnOrganisationOnly() {
        TestUser admin = TestUsers.create("org-admin", "admin");
        String acme = partnerId();
        String other = partnerId();
        String acmeId = create(admin, acme, "category", "ENTERPRISE");
        String otherId = create(admin, other);
        TestUser member = TestUsers.user("acme-member").roles("consumer").partner("INTEGRATION", acme).create();
        TestUser colleague = TestUsers.user("acme-colleague").roles("contributor").partner("INTEGRATION", acme)
                .create();
        TestUser outsider = TestUsers.user("other-member").roles("consumer").partner("COMMUNITY", other).create();
        TestUser loner = TestUsers.create("no-partner", "consumer", "curator");
        // members are participants: a user becomes one on first use (oldest first in members)
        for (TestUser user : List.of(colleague, member, outsider)) {
            Gql.as(user, "{ me { id } }").body("errors", nullValue());
        }

        for (TestUser user : List.of(member, outsider, loner)) {
            Gql.as(user, CREATE, "i", input(partnerId())).body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                    .body("errors[0].extensions.action", equalTo("ADMINISTER"));
            Gql.as(user, UPDATE, "i", Map.of("id", acmeId, "name", "mine"))
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            Gql.as(user, MOVE, "i", Map.of("id", acmeId, "to", "QUALIFICATION", "reason", "mine"))
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            Gql.as(user, FEATURE, "o", acmeId, "t", "mine", "s", "2026-01-01T00:00:00Z")
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            Gql.as(user, "{ partnerOrganisations { edges { node { id } } } }")
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
            Gql.as(user, KPIS).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        }
        Gql.anonymous("{ myPartnerOrganisation { id } }").body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        Gql.anonymous(ORG, "id", acmeId).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));

        // a member reads its own organisation, with its members, but not its lifecycle trail
        JsonPath own = Gql.as(member, ORG, "id", acmeId).body("errors", nullValue()).extract().jsonPath();
        assertThat(own.getString("data.partnerOrganisation.partnerId")).isEqualTo(acme);
        assertThat(own.getInt("data.partnerOrganisation.memberCount")).isEqualTo(2);
        assertThat(own.getList("data.partnerOrganisation.members.edges.node.username"))
                .containsExactly(colleague.username(), member.username());
        Gql.as(member, "{ myPartnerOrganisation { id category } }").body("data.myPartnerOrganisation.id",
                equalTo(acmeId)).body("data.myPartnerOrganisation.category", equalTo("ENTERPRISE"));
        Gql.as(member, HISTORY, "id", acmeId).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        // another partner's organisation is absent to it, and its own to the other
        Gql.as(member, ORG, "id", otherId).body("errors", nullValue()).body("data.partnerOrganisation", nullValue());
        Gql.as(outsider, ORG, "id", acmeId).body("errors", nullValue()).body("data.partnerOrganisation", nullValue());
        Gql.as(outsider, "{ myPartnerOrganisation { id memberCount } }")
                .body("data.myPartnerOrganisation.id", equalTo(otherId))
                .body("data.myPartnerOrganisation.memberCount", equalTo(1));
        Gql.as(loner, "{ myPartnerOrganisation { id } }").body("errors", nullValue())
                .body("data.myPartnerOrganisation", nullValue());
        Gql.as(loner, ORG, "id", acmeId).body("data.partnerOrganisation", nullValue());
        // admins read any, filtered
        JsonPath listed = Gql.as(admin, "query($f: PartnerOrganisationFilter) { partnerOrganisations(first: 100, "
                + "filter: $f) { totalCount edges { node { partnerId memberCount } } } }", "f",
                Map.of("category", "ENTERPRISE", "stage", "IDENTIFICATION")).body("errors", nullValue()).extract()
                .jsonPath();
        assertThat(listed.getList("data.partnerOrganisations.edges.node.partnerId")).contains(acme)
                .doesNotContain(other);
        assertThat(listed.getInt("data.partnerOrganisations.totalCount"))
                .isEqualTo(listed.getList("data.partnerOrganisations.edges").size());
    }

    @Test
    void kpisAreComputedFromTheDataWithTheSeedsTargetsBeside() throws Throwable {
        TestUser admin = TestUsers.create("org-admin", "admin");
        int activeBefore = Integer.parseInt(kpi(Gql.as(admin, KPIS).body("errors", nullValue()).extract().jsonPath(),
                "ACTIVE_PARTNERS").get("value"));
        int featuresBefore = Integer.parseInt(kpi(Gql.as(admin, KPIS).extract().jsonPath(), "CO_DEVELOPED_FEATURES")
                .get("value"));

        String renewedId = create(admin, partnerId());
        String start = Gql.as(admin, ORG, "id", renewedId).extract().path("data.partnerOrganisation.createdAt");
        String sunsetId = create(admin, partnerId());
        String renewedThenSunsetId = create(admin, partnerId());
        String renewedTwiceId = create(admin, partnerId());
        String launchedId = create(admin, partnerId());
        String abandonedId = create(admin, partnerId());
        moveThrough(admin, renewedId, TO_GROWTH);
        move(admin, renewedId, "RENEWAL", "renewed for a year");
        moveThrough(admin, sunsetId, TO_GROWTH);
        move(admin, sunsetId, "SUNSET", "concluded");
        moveThrough(admin, renewedThenSunsetId, TO_GROWTH);
        moveThrough(admin, renewedThenSunsetId, "RENEWAL", "SUNSET");
        moveThrough(admin, renewedTwiceId, TO_GROWTH);
        moveThrough(admin, renewedTwiceId, "RENEWAL", "GROWTH", "RENEWAL");
        moveThrough(admin, launchedId, "QUALIFICATION", "OUTREACH", "DISCUSSION", "TERM_SHEET", "INTEGRATION",
                "LAUNCH");
        move(admin, abandonedId, "SUNSET", "not a fit");

        // features: two shipped in the past count, one in the future is refused
        String past = java.time.OffsetDateTime.parse(start).minusDays(30).toString();
        Gql.as(admin, FEATURE, "o", renewedId, "t", "Joint inference gateway", "s", past).body("errors", nullValue());
        Gql.as(admin, FEATURE, "o", launchedId, "t", "Shared SDK", "s", start).body("errors", nullValue())
                .body("data.recordCoDevelopedFeature.title", equalTo("Shared SDK"));
        Gql.as(admin, FEATURE, "o", launchedId, "t", "Later", "s",
                        java.time.OffsetDateTime.now().plusYears(50).toString())
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("shippedAt"));
        Gql.as(admin, FEATURE, "o", launchedId, "t", " ", "s", start)
                .body("errors[0].extensions.field", equalTo("title"));
        Gql.as(admin, FEATURE, "o", UUID.randomUUID().toString(), "t", "x", "s", start)
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));

        JsonPath now = Gql.as(admin, KPIS, "from", start).body("errors", nullValue()).extract().jsonPath();
        assertThat(now.getList("data.partnerKpis.kpis.metric")).containsExactly("ACTIVE_PARTNERS", "PARTNER_REVENUE",
                "CO_DEVELOPED_FEATURES", "PARTNER_SATISFACTION", "PARTNER_RETENTION");
        Map<String, String> active = kpi(now, "ACTIVE_PARTNERS");
        // renewed (RENEWAL), renewed twice (RENEWAL), launched (LAUNCH); the sunset ones are not
        assertThat(Integer.parseInt(active.get("value"))).isEqualTo(activeBefore + 3);
        assertThat(active.get("target")).isEqualTo("50+ by Year 2");
        assertThat(active.get("measurement")).isEqualTo("Signed agreements");
        Map<String, String> retention = kpi(now, "PARTNER_RETENTION");
        // due: renewed, sunset, renewed-then-sunset, renewed-twice; renewed: renewed, renewed-twice
        assertThat(retention.get("numerator")).isEqualTo("2");
        assertThat(retention.get("denominator")).isEqualTo("4");
        assertThat(retention.get("value")).isEqualTo("0.5000");
        assertThat(retention.get("target")).isEqualTo("80%+");
        Map<String, String> features = kpi(now, "CO_DEVELOPED_FEATURES");
        assertThat(Integer.parseInt(features.get("value"))).isEqualTo(featuresBefore + 2);
        assertThat(features.get("target")).isEqualTo("10+ by Year 3");
        Map<String, String> satisfaction = kpi(now, "PARTNER_SATISFACTION");
        assertThat(satisfaction.get("value")).isNull();
        assertThat(satisfaction.get("target")).isEqualTo("4.5/5");
        // the same KPIs at the moment the first organisation was made: none of this was active yet
        JsonPath then = Gql.as(admin, KPIS, "to", start).body("errors", nullValue()).extract().jsonPath();
        assertThat(Integer.parseInt(kpi(then, "ACTIVE_PARTNERS").get("value"))).isEqualTo(activeBefore);
        Gql.as(admin, KPIS, "from", start, "to", start).body("errors[0].extensions.field", equalTo("from"));

        // partner share of volume: a member's purchase counts, an outsider's does not
        String acme = partnerId();
        create(admin, acme);
        TestUser member = TestUsers.user("acme-buyer").roles("consumer").partner("STRATEGIC", acme).create();
        TestUser outsider = TestUsers.create("plain-buyer", "consumer");
        TestUser seller = TestUsers.create("seller", "contributor");
        UUID memberId = participantId(member);
        UUID outsiderId = participantId(outsider);
        UUID sellerId = participantId(seller);
        Ledgers.credit(Map.of(memberId, BigInteger.valueOf(10_000), outsiderId, BigInteger.valueOf(10_000)));
        String from = databaseNow();
        LedgerService ledger = Arc.container().instance(LedgerService.class).get();
        Commands.inTransaction(s -> ledger.post(s, Posting.agentUsage(memberId, sellerId, BigInteger.valueOf(300),
                BigInteger.valueOf(30), "test-usage:" + UUID.randomUUID())));
        Commands.inTransaction(s -> ledger.post(s, Posting.agentUsage(outsiderId, sellerId, BigInteger.valueOf(700),
                BigInteger.ZERO, "test-usage:" + UUID.randomUUID())));
        // a transfer moves money but is no sale
        Commands.inTransaction(s -> ledger.post(s, Posting.transfer(memberId, sellerId, BigInteger.valueOf(50),
                "test-transfer:" + UUID.randomUUID())));
        String to = databaseNow();
        Map<String, String> share = kpi(Gql.as(admin, KPIS, "from", from, "to", to).body("errors", nullValue())
                .extract().jsonPath(), "PARTNER_REVENUE");
        assertThat(share.get("numerator")).isEqualTo("300");
        assertThat(share.get("denominator")).isEqualTo("1000");
        assertThat(share.get("value")).isEqualTo("0.3000");
        assertThat(share.get("target")).isEqualTo("20% of total");
        assertThat(share.get("measurement")).isEqualTo("Transaction volume");
    }

    private static Map<String, String> kpi(JsonPath kpis, String metric) {
        List<Map<String, String>> all = kpis.getList("data.partnerKpis.kpis");
        return all.stream().filter(k -> metric.equals(k.get("metric"))).findFirst().orElseThrow();
    }

    private static UUID participantId(TestUser user) {
        return UUID.fromString(Gql.as(user, "{ me { id } }").body("errors", nullValue()).extract().path("data.me.id"));
    }

    /** The database clock (which stamps ledger transactions), as an ISO-8601 instant. */
    private static String databaseNow() throws Throwable {
        return Commands.inTransaction(s -> s.createNativeQuery("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')", String.class).getSingleResult());
    }
}
