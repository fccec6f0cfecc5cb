package io.cipherocto.market.datanet;

import static io.cipherocto.market.datanet.ContributionLifecycleTest.OCTO;
import static io.cipherocto.market.datanet.ContributionLifecycleTest.randomHash;
import static io.cipherocto.market.datanet.ContributionLifecycleTest.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.Stakers;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Who sees contributions: a GATED datanet's contributions (URIs, lineage) reach only readers with access, on every
 * path; lineage walks are bounded and survive cycles; one stake cannot be bonded twice by racing submissions.
 */
@QuarkusTest
public class ContributionVisibilityTest {

    static final String BY_ID = "query($id: ID!) { contribution(id: $id) { id storageUri } }";
    static final String LIST = "query($d: ID!) { contributions(datanetId: $d) { edges { node { id storageUri } } } }";
    static final String LINEAGE = """
            query($h: String!, $depth: Int) { lineage(contentHash: $h, depth: $depth) {
              depth contribution { id contentHash storageUri } } }""";
    static final String DESCENDANTS = """
            query($h: String!, $depth: Int) { descendants(contentHash: $h, depth: $depth) {
              depth contribution { id contentHash } } }""";

    @Inject
    Chain chain;

    @Test
    void aGatedDatanetsContributionsReachOnlyReadersWithAccess() throws Throwable {
        TestUser owner = TestUsers.create("curator", "curator");
        TestUser carol = TestUsers.create("contributor", "contributor");
        TestUser stranger = TestUsers.create("reader", "consumer");
        TestUser partnerMember = TestUsers.user("reader").roles("consumer").partner("INTEGRATION").create();
        TestUser admin = TestUsers.create("admin", "admin");
        UUID gated = TestDatanets.create(owner, "GATED", new TestDatanets.Terms(OCTO, 3600, OCTO, 5000, 2000));
        UUID open = TestDatanets.create(owner, "OPEN", new TestDatanets.Terms(OCTO, 3600, OCTO, 5000, 2000));
        Stakers.stake(chain, Stakers.linkedWallet(chain, carol, OCTO.multiply(BigInteger.TWO)), OCTO.multiply(BigInteger.TWO));

        // submitting to a GATED datanet needs access too
        Gql.as(carol, ContributionLifecycleTest.SUBMIT, "d", gated.toString(), "h", randomHash())
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.reason", equalTo("NO_DATANET_ACCESS"));
        TestDatanets.grant(gated, carol, owner);
        String parentHash = randomHash();
        String secret = submit(carol, gated, parentHash).getString("data.submitContribution.id");
        String childHash = randomHash();
        String child = submit(carol, open, childHash, parentHash).getString("data.submitContribution.id");

        for (TestUser reader : List.of(stranger, partnerMember)) {
            Gql.as(reader, BY_ID, "id", secret).body("errors", nullValue()).body("data.contribution", nullValue());
            Gql.as(reader, LIST, "d", gated.toString()).body("data.contributions.edges", empty());
            Gql.as(reader, LINEAGE, "h", childHash).body("errors", nullValue()).body("data.lineage", empty());
            Gql.as(reader, DESCENDANTS, "h", parentHash).body("data.descendants", empty());
            // the open child stays visible, its parent hash is what it was derived from
            Gql.as(reader, BY_ID, "id", child).body("data.contribution.id", equalTo(child));
        }
        Gql.anonymous(BY_ID, "id", secret).body("data.contribution", nullValue());
        Gql.anonymous(LIST, "d", gated.toString()).body("data.contributions.edges", empty());
        // a stranger cannot act on what it cannot see, even with stake
        Stakers.stake(chain, Stakers.linkedWallet(chain, stranger, OCTO), OCTO);
        Gql.as(stranger, ContributionLifecycleTest.CHALLENGE, "id", secret)
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));

        // the contributor, the datanet's curators and admins read it
        for (TestUser reader : List.of(carol, owner, admin)) {
            Gql.as(reader, BY_ID, "id", secret).body("data.contribution.storageUri", equalTo("ipfs://bafy/data"));
            Gql.as(reader, LINEAGE, "h", childHash).body("data.lineage[0].contribution.id", equalTo(secret))
                    .body("data.lineage[0].depth", equalTo(1));
        }

        // a grant to a whole partner organisation admits its members, and only them
        TestDatanets.grantPartner(gated, partnerMember.partnerId(), owner);
        Gql.as(partnerMember, BY_ID, "id", secret).body("data.contribution.id", equalTo(secret));
        Gql.as(partnerMember, LIST, "d", gated.toString()).body("data.contributions.edges[0].node.id", equalTo(secret));
        Gql.as(partnerMember, DESCENDANTS, "h", parentHash).body("data.descendants[0].contribution.id", equalTo(child));
        Gql.as(stranger, BY_ID, "id", secret).body("data.contribution", nullValue());
    }

    @Test
    void lineageWalksAreBoundedAndSurviveCycles() throws Throwable {
        TestUser owner = TestUsers.create("curator", "curator");
        TestUser carol = TestUsers.create("contributor", "contributor");
        UUID one = TestDatanets.create(owner, "OPEN", new TestDatanets.Terms(BigInteger.ONE, 3600, OCTO, 5000, 2000));
        UUID two = TestDatanets.create(owner, "OPEN", new TestDatanets.Terms(BigInteger.ONE, 3600, OCTO, 5000, 2000));
        Stakers.stake(chain, Stakers.linkedWallet(chain, carol, OCTO), OCTO);
        // a ← b ← c ← d in datanet one; then a again in datanet two, derived from d: a cycle across datanets
        String a = randomHash();
        String b = randomHash();
        String c = randomHash();
        String d = randomHash();
        submit(carol, one, a);
        submit(carol, one, b, a);
        submit(carol, one, c, b);
        submit(carol, one, d, c);
        submit(carol, two, a, d);

        JsonPath up = Gql.as(carol, LINEAGE, "h", d, "depth", 10).body("errors", nullValue()).extract().jsonPath();
        assertThat(up.getList("data.lineage.contribution.contentHash", String.class)).containsExactly(c, b, a, a);
        assertThat(up.getList("data.lineage.depth", Integer.class)).containsExactly(1, 2, 3, 3);
        Gql.as(carol, LINEAGE, "h", d, "depth", 2).body("data.lineage.contribution.contentHash", equalTo(List.of(c, b)));
        JsonPath down = Gql.as(carol, DESCENDANTS, "h", a, "depth", 10).extract().jsonPath();
        assertThat(down.getList("data.descendants.contribution.contentHash", String.class)).containsExactly(b, c, d);
        assertThat(down.getList("data.descendants.depth", Integer.class)).containsExactly(1, 2, 3);
        Gql.as(carol, LINEAGE, "h", d, "depth", 11).body("errors[0].extensions.field", equalTo("depth"));
        Gql.as(carol, LINEAGE, "h", "nothex").body("errors[0].extensions.field", equalTo("contentHash"));
    }

    @Test
    void racingSubmissionsCannotBondTheSameStakeTwice() throws Throwable {
        TestUser owner = TestUsers.create("curator", "curator");
        TestUser carol = TestUsers.create("contributor", "contributor");
        UUID datanet = TestDatanets.create(owner, "OPEN", new TestDatanets.Terms(OCTO, 3600, OCTO, 5000, 2000));
        Stakers.stake(chain, Stakers.linkedWallet(chain, carol, OCTO.multiply(BigInteger.valueOf(3))),
                OCTO.multiply(BigInteger.valueOf(3)));
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<CompletableFuture<Void>> racers = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.runAsync(() -> {
                    JsonPath r = Gql.as(carol, ContributionLifecycleTest.SUBMIT, "d", datanet.toString(),
                            "h", randomHash()).extract().jsonPath();
                    if (r.getString("data.submitContribution.id") != null) {
                        accepted.incrementAndGet();
                    } else if ("INSUFFICIENT_STAKE".equals(r.getString("errors[0].extensions.code"))) {
                        refused.incrementAndGet();
                    }
                })).toList();
        racers.forEach(CompletableFuture::join);
        assertThat(accepted.get()).isEqualTo(3);
        assertThat(refused.get()).isEqualTo(5);
        Gql.as(carol, "{ myBalances { bonded } }")
                .body("data.myBalances.bonded", equalTo(OCTO.multiply(BigInteger.valueOf(3)).toString()));
    }
}
