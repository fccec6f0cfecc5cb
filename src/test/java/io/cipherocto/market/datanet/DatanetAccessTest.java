package io.cipherocto.market.datanet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.PartnerTier;
import io.cipherocto.market.identity.Role;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Gated access: requests, bulk decisions, rejections the requester can read, the cooldown, overdue requests, grants to
 * participants and partner organisations — and the one read rule ({@link DatanetReaders}) on every path.
 */
@QuarkusTest
class DatanetAccessTest {

    private static final String REQUEST = """
            mutation($d: ID!, $r: String!) { requestDatanetAccess(datanetId: $d, reason: $r) { id status } }""";
    private static final String DECIDE = """
            mutation($ids: [String!]!, $approve: Boolean!, $reason: String) {
              decideAccessRequests(ids: $ids, approve: $approve, reason: $reason) { id status decisionReason }
            }""";
    private static final String REQUESTS = """
            query($d: ID!, $status: DatanetAccessRequestStatus, $overdue: Boolean) {
              datanet(id: $d) { accessRequests(status: $status, overdueOnly: $overdue, first: 100) {
                edges { node { id status overdue reason requester { id } requesterReputation { score }
                               datanet { id } } } } }
            }""";
    private static final String MY_ACCESS = """
            query($d: ID!) { datanet(id: $d) { name contributionCounts { total pending }
              myAccess { canRead canCurate isOwner requestAgainAt latestRequest { status decisionReason } } } }""";
    private static final String MY_REQUESTS = """
            { myAccessRequests(first: 100) { edges { node { id status decisionReason decidedAt decidedBy { id }
                datanet { id } } } } }""";
    private static final String GRANT = """
            mutation($input: GrantDatanetAccessInput!) { grantDatanetAccess(input: $input) { id partnerId
              participant { id } grantedBy { id } } }""";
    private static final String GRANTS = """
            query($d: ID!) { datanet(id: $d) { accessGrants(first: 100) { edges { node { id partnerId } } } } }""";
    private static final String REVOKE = """
            mutation($d: ID!, $g: ID!) { revokeDatanetAccess(datanetId: $d, grantId: $g) { id } }""";

    @Inject
    TimeSource time;

    @Inject
    DatanetConfig config;

    @Inject
    Pool pool;

    @Inject
    DatanetReaders readers;

    private final TestUser owner = TestUsers.create("gatekeeper", "curator");

    @Test
    void requestsAreDecidedInBulkAndTheRequesterSeesTheRejectionReason() {
        String datanet = Datanets.gated(owner);
        TestUser u1 = TestUsers.create("asker", "contributor");
        TestUser u2 = TestUsers.create("asker", "contributor");
        TestUser u3 = TestUsers.create("asker", "contributor");
        String r1 = request(u1, datanet).body("errors", nullValue()).extract().path("data.requestDatanetAccess.id");
        String r2 = request(u2, datanet).extract().path("data.requestDatanetAccess.id");
        String r3 = request(u3, datanet).extract().path("data.requestDatanetAccess.id");
        request(u1, datanet).body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("ACCESS_ALREADY_REQUESTED"));
        String open = Datanets.create(owner, "Open", "", List.of(), "OPEN");
        request(u1, open).body("errors[0].extensions.reason", equalTo("ALREADY_HAS_ACCESS"));
        request(owner, datanet).body("errors[0].extensions.reason", equalTo("ALREADY_HAS_ACCESS"));

        Gql.as(u1, REQUESTS, "d", datanet).body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("data.datanet.accessRequests", nullValue());
        TestUser otherCurator = TestUsers.create("othercurator", "curator");
        Gql.as(otherCurator, REQUESTS, "d", datanet).body("errors[0].extensions.reason",
                equalTo("NOT_DATANET_CURATOR"));
        JsonPath pending = Gql.as(owner, REQUESTS, "d", datanet).body("errors", nullValue()).extract().jsonPath();
        assertThat(pending.getList("data.datanet.accessRequests.edges.node.id")).containsExactly(r1, r2, r3);
        assertThat(pending.getList("data.datanet.accessRequests.edges.node.requesterReputation.score"))
                .containsOnly(0);
        assertThat(pending.getList("data.datanet.accessRequests.edges.node.datanet.id")).containsOnly(datanet);

        Gql.as(otherCurator, DECIDE, "ids", List.of(r1), "approve", true)
                .body("errors[0].extensions.reason", equalTo("NOT_DATANET_CURATOR"));
        Gql.as(owner, DECIDE, "ids", List.of("not-an-id"), "approve", true)
                .body("errors[0].extensions.field", equalTo("ids"));
        Gql.as(owner, DECIDE, "ids", List.of(r3), "approve", false)
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("reason"));
        Gql.as(owner, DECIDE, "ids", List.of(r1, r2), "approve", true).body("errors", nullValue())
                .body("data.decideAccessRequests.status", equalTo(List.of("APPROVED", "APPROVED")));
        Gql.as(owner, DECIDE, "ids", List.of(r3), "approve", false, "reason", "not a research use")
                .body("errors", nullValue());
        Gql.as(owner, DECIDE, "ids", List.of(r3, r1), "approve", true)
                .body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("ACCESS_REQUEST_NOT_PENDING"))
                .body("errors[0].extensions.id", equalTo(r3));

        access(u1, datanet).body("data.datanet.myAccess.canRead", equalTo(true));
        access(u2, datanet).body("data.datanet.myAccess.canRead", equalTo(true));
        access(u3, datanet).body("data.datanet.myAccess.canRead", equalTo(false))
                .body("data.datanet.myAccess.latestRequest.status", equalTo("REJECTED"))
                .body("data.datanet.myAccess.requestAgainAt", notNullValue());
        Gql.as(u3, MY_REQUESTS).body("errors", nullValue())
                .body("data.myAccessRequests.edges[0].node.status", equalTo("REJECTED"))
                .body("data.myAccessRequests.edges[0].node.decisionReason", equalTo("not a research use"))
                .body("data.myAccessRequests.edges[0].node.decidedBy.id", equalTo(Datanets.signIn(owner)))
                .body("data.myAccessRequests.edges[0].node.datanet.id", equalTo(datanet));
    }

    @Test
    void aRejectedRequesterMayAskAgainOnlyAfterTheCooldown() {
        String datanet = Datanets.gated(owner);
        TestUser asker = TestUsers.create("asker", "contributor");
        String first = request(asker, datanet).extract().path("data.requestDatanetAccess.id");
        Gql.as(owner, DECIDE, "ids", List.of(first), "approve", false, "reason", "incomplete").body("errors",
                nullValue());

        request(asker, datanet).body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("ACCESS_REQUEST_COOLDOWN"))
                .body("errors[0].extensions.retryAt", notNullValue());

        time.advance(config.accessRequestCooldown().plusMinutes(1));
        request(asker, datanet).body("errors", nullValue())
                .body("data.requestDatanetAccess.status", equalTo("PENDING"));
        access(asker, datanet).body("data.datanet.myAccess.requestAgainAt", nullValue())
                .body("data.datanet.myAccess.latestRequest.status", equalTo("PENDING"));
    }

    @Test
    void pendingRequestsBecomeOverdue() {
        String datanet = Datanets.gated(owner);
        String id = request(TestUsers.create("asker", "contributor"), datanet).extract()
                .path("data.requestDatanetAccess.id");
        Gql.as(owner, REQUESTS, "d", datanet, "overdue", true)
                .body("data.datanet.accessRequests.edges", equalTo(List.of()));
        Gql.as(owner, REQUESTS, "d", datanet).body("data.datanet.accessRequests.edges[0].node.overdue", equalTo(false));

        time.advance(config.accessRequestOverdueAfter().plusMinutes(1));
        Gql.as(owner, REQUESTS, "d", datanet, "overdue", true)
                .body("data.datanet.accessRequests.edges.node.id", equalTo(List.of(id)))
                .body("data.datanet.accessRequests.edges[0].node.overdue", equalTo(true));
        Gql.as(owner, REQUESTS, "d", datanet, "status", "APPROVED")
                .body("data.datanet.accessRequests.edges", equalTo(List.of()));
    }

    @Test
    void aPartnerGrantLetsEveryMemberReadUntilRevoked() {
        String datanet = Datanets.gated(owner);
        String org = "org-" + UUID.randomUUID();
        TestUser member = TestUsers.user("member").roles("consumer").partner("INTEGRATION", org).create();
        TestUser outsider = TestUsers.user("outsider").roles("consumer").partner("INTEGRATION").create();
        access(member, datanet).body("data.datanet.myAccess.canRead", equalTo(false));

        Gql.as(member, GRANT, "input", Map.of("datanetId", datanet, "partnerId", org))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        Gql.as(owner, GRANT, "input", Map.of("datanetId", datanet))
                .body("errors[0].extensions.field", equalTo("input"));
        String grant = Gql.as(owner, GRANT, "input", Map.of("datanetId", datanet, "partnerId", org))
                .body("errors", nullValue()).body("data.grantDatanetAccess.partnerId", equalTo(org))
                .body("data.grantDatanetAccess.participant", nullValue())
                .extract().path("data.grantDatanetAccess.id");
        Gql.as(owner, GRANT, "input", Map.of("datanetId", datanet, "partnerId", org))
                .body("data.grantDatanetAccess.id", equalTo(grant));

        TestUser newcomer = TestUsers.user("newcomer").roles("contributor").partner("COMMUNITY", org).create();
        access(member, datanet).body("data.datanet.myAccess.canRead", equalTo(true));
        access(newcomer, datanet).body("data.datanet.myAccess.canRead", equalTo(true));
        access(outsider, datanet).body("data.datanet.myAccess.canRead", equalTo(false));
        request(newcomer, datanet).body("errors[0].extensions.reason", equalTo("ALREADY_HAS_ACCESS"));

        Gql.as(member, GRANTS, "d", datanet).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        Gql.as(owner, GRANTS, "d", datanet).body("data.datanet.accessGrants.edges.node.id", equalTo(List.of(grant)));
        Gql.as(owner, REVOKE, "d", datanet, "g", grant).body("errors", nullValue());
        Gql.as(owner, REVOKE, "d", datanet, "g", grant).body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        access(newcomer, datanet).body("data.datanet.myAccess.canRead", equalTo(false));

        String outsiderId = Datanets.signIn(outsider);
        Gql.as(owner, GRANT, "input", Map.of("datanetId", datanet, "participantId", outsiderId))
                .body("data.grantDatanetAccess.participant.id", equalTo(outsiderId));
        access(outsider, datanet).body("data.datanet.myAccess.canRead", equalTo(true));
        String history = "query($d: ID!) { datanet(id: $d) { history { edges { node { change } } } } }";
        Gql.as(owner, history, "d", datanet).body("data.datanet.history.edges.node.change",
                equalTo(List.of("ACCESS_GRANTED", "ACCESS_REVOKED", "ACCESS_GRANTED", "CREATED")));
        Gql.as(outsider, history, "d", datanet).body("data.datanet.history.edges.node.change",
                equalTo(List.of("CREATED")));
        Gql.anonymous(history, "d", datanet).body("data.datanet.history.edges.node.change",
                equalTo(List.of("CREATED")));
    }

    @Test
    void metadataAndCountsArePublicButOnlyReadersReadAGatedDatanet() {
        String gated = Datanets.gated(owner);
        String open = Datanets.create(owner, "Open", "", List.of(), "OPEN");
        TestUser stranger = TestUsers.create("stranger", "contributor");
        TestUser admin = TestUsers.create("admin", "admin");

        Gql.anonymous(MY_ACCESS, "d", gated).body("errors", nullValue())
                .body("data.datanet.name", notNullValue())
                .body("data.datanet.contributionCounts.total", equalTo(0))
                .body("data.datanet.myAccess.canRead", equalTo(false))
                .body("data.datanet.myAccess.latestRequest", nullValue());
        Gql.anonymous(MY_ACCESS, "d", open).body("data.datanet.myAccess.canRead", equalTo(true))
                .body("data.datanet.myAccess.canCurate", equalTo(false));
        access(stranger, gated).body("data.datanet.myAccess.canRead", equalTo(false));
        access(admin, gated).body("data.datanet.myAccess.canRead", equalTo(true))
                .body("data.datanet.myAccess.canCurate", equalTo(false));
        access(owner, gated).body("data.datanet.myAccess.canRead", equalTo(true))
                .body("data.datanet.myAccess.canCurate", equalTo(true))
                .body("data.datanet.myAccess.isOwner", equalTo(true));
    }

    /** The fragment the contribution lists reuse: a contributor reads their own even where the datanet is closed. */
    @Test
    void theContributionFragmentLetsContributorsReadTheirOwnAndAdminsEverything() {
        String gated = Datanets.gated(owner);
        UUID stranger = UUID.fromString(Datanets.signIn(TestUsers.create("stranger", "contributor")));
        String sql = "SELECT " + DatanetReaders.contributionReadable("$1", "$5", "$2", "$3", "$4");
        assertThat(readable(sql, gated, stranger, null, false, UUID.randomUUID())).isFalse();
        assertThat(readable(sql, gated, stranger, null, false, stranger)).isTrue();
        assertThat(readable(sql, gated, null, null, false, stranger)).as("anonymous").isFalse();
        assertThat(readable(sql, gated, stranger, null, true, UUID.randomUUID())).as("admin").isTrue();
        assertThat(readable(sql, UUID.randomUUID().toString(), stranger, null, false, UUID.randomUUID()))
                .as("unknown datanet").isFalse();
    }

    /** The Java side of the same rule, for callers the GraphQL layer never saw (a partner member signing in later). */
    @Test
    void canReadAnswersForAnonymousCallersAndPartnerMembers() {
        String gated = Datanets.gated(owner);
        String open = Datanets.create(owner, "Open", "", List.of(), "OPEN");
        String org = "org-" + UUID.randomUUID();
        Gql.as(owner, GRANT, "input", Map.of("datanetId", gated, "partnerId", org)).body("errors", nullValue());
        Caller member = new Caller("s-" + UUID.randomUUID(), "member-" + UUID.randomUUID(), Set.of(Role.CONSUMER),
                Optional.of(org), Optional.of(PartnerTier.COMMUNITY));
        Caller outsider = new Caller("s-" + UUID.randomUUID(), "outsider-" + UUID.randomUUID(), Set.of(Role.CONSUMER),
                Optional.empty(), Optional.empty());

        assertThat(canRead(UUID.fromString(gated), null)).isFalse();
        assertThat(canRead(UUID.fromString(open), null)).isTrue();
        assertThat(canRead(UUID.fromString(gated), member)).isTrue();
        assertThat(canRead(UUID.fromString(gated), outsider)).isFalse();
    }

    private boolean canRead(UUID datanet, Caller caller) {
        return readers.canRead(datanet, caller).await().atMost(Duration.ofSeconds(10));
    }

    private boolean readable(String sql, String datanet, UUID reader, String partner, boolean admin, UUID contributor) {
        Tuple args = Tuple.tuple().addValue(UUID.fromString(datanet)).addValue(reader).addValue(partner)
                .addValue(admin).addValue(contributor);
        return pool.preparedQuery(sql).execute(args).await().atMost(Duration.ofSeconds(10)).iterator().next()
                .getBoolean(0);
    }

    private static ValidatableResponse request(TestUser user, String datanet) {
        return Gql.as(user, REQUEST, "d", datanet, "r", "for research");
    }

    private static ValidatableResponse access(TestUser user, String datanet) {
        return Gql.as(user, MY_ACCESS, "d", datanet).body("errors", nullValue());
    }
}
