package io.cipherocto.market.datanet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.chain.contracts.StakeManager;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.ChainNode;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.Stakers;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;

/**
 * Contributions end to end on the real chain, real Keycloak users and the real ledger: stake → quote → submit (bond
 * held) → refused beyond the stake → slashed as malicious; accept → challenge → upheld (slash and reward exact to
 * the base unit) or dismissed; accept → window passes → FINAL.
 */
@QuarkusTest
public class ContributionLifecycleTest {

    static final BigInteger OCTO = BigInteger.TEN.pow(18);
    static final String CONTRIBUTION_FIELDS = """
            id state wallet contentHash slashAmount challengeEndsAt rejectionReason
            terms { bond challengeDeposit slashShareBps challengerRewardBps }
            history { from to note actor { id } }
            challenges { status deposit reward challenger { id } }
            slash { status attempts lastError { code } }
            contributorReputation { score accepted finalized rejected slashed }""";
    static final String SUBMIT = """
            mutation($d: ID!, $h: String!, $parents: [String!], $w: EvmAddress) {
              submitContribution(input: { datanetId: $d, contentHash: $h, storageUri: "ipfs://bafy/data",
                                         byteSize: "1024", licence: "CC-BY-4.0", parentHashes: $parents, wallet: $w }) {
                %s
              }
            }""".formatted(CONTRIBUTION_FIELDS);
    static final String QUOTE = """
            query($d: ID!) { submissionQuote(datanetId: $d) {
              wallet staked bonded freeBondCapacity slashedIfMalicious covered shortfall hasAccess
              terms { bond challengeWindowSeconds challengeDeposit slashShareBps challengerRewardBps } } }""";
    static final String ACCEPT = "mutation($id: ID!) { acceptContribution(id: $id) { " + CONTRIBUTION_FIELDS + " } }";
    static final String REJECT = """
            mutation($id: ID!, $r: RejectionReason!, $m: Boolean!) {
              rejectContribution(id: $id, reason: $r, note: "checked by hand", malicious: $m) { %s } }"""
            .formatted(CONTRIBUTION_FIELDS);
    static final String CHALLENGE = """
            mutation($id: ID!) { challengeContribution(id: $id, reason: MALICIOUS, note: "poisoned rows") { %s } }"""
            .formatted(CONTRIBUTION_FIELDS);
    static final String RESOLVE = """
            mutation($id: ID!, $u: Boolean!) { resolveChallenge(contributionId: $id, upheld: $u, note: "looked") { %s } }"""
            .formatted(CONTRIBUTION_FIELDS);
    static final String CONTRIBUTION = "query($id: ID!) { contribution(id: $id) { " + CONTRIBUTION_FIELDS + " } }";
    static final String BALANCES = "{ myBalances { available escrow bonded } me { reputation { score accepted "
            + "finalized rejected slashed challengesUpheld challengesDismissed } } }";

    @Inject
    Chain chain;

    @Inject
    TimeSource time;

    @Test
    void aMaliciousContributionIsSlashedOnChainAndItsBondConsumed() throws Throwable {
        TestUser carol = TestUsers.create("contributor", "contributor");
        TestUser cura = TestUsers.create("curator", "curator");
        UUID datanet = TestDatanets.create(cura, "OPEN",
                new TestDatanets.Terms(OCTO.multiply(BigInteger.valueOf(100)), 3600, OCTO, 5000, 2000));
        Credentials wallet = Stakers.linkedWallet(chain, carol, OCTO.multiply(BigInteger.valueOf(150)));
        Stakers.stake(chain, wallet, OCTO.multiply(BigInteger.valueOf(150)));

        JsonPath quote = Gql.as(carol, QUOTE, "d", datanet.toString()).body("errors", nullValue()).extract().jsonPath();
        assertThat(quote.getString("data.submissionQuote.wallet")).isEqualTo(wallet.getAddress());
        assertThat(quote.getString("data.submissionQuote.terms.bond")).isEqualTo(OCTO.multiply(BigInteger.valueOf(100)).toString());
        assertThat(quote.getString("data.submissionQuote.freeBondCapacity")).isEqualTo(OCTO.multiply(BigInteger.valueOf(150)).toString());
        assertThat(quote.getString("data.submissionQuote.slashedIfMalicious")).isEqualTo(OCTO.multiply(BigInteger.valueOf(50)).toString());
        assertThat(quote.getBoolean("data.submissionQuote.covered")).isTrue();

        String first = submit(carol, datanet, randomHash()).getString("data.submitContribution.id");
        Gql.as(carol, BALANCES).body("data.myBalances.bonded", equalTo(OCTO.multiply(BigInteger.valueOf(100)).toString()));
        Gql.as(carol, QUOTE, "d", datanet.toString())
                .body("data.submissionQuote.freeBondCapacity", equalTo(OCTO.multiply(BigInteger.valueOf(50)).toString()))
                .body("data.submissionQuote.covered", equalTo(false))
                .body("data.submissionQuote.shortfall", equalTo(OCTO.multiply(BigInteger.valueOf(50)).toString()));

        // one stake cannot back unlimited submissions: the second bond is not covered, and nothing is written
        Gql.as(carol, SUBMIT, "d", datanet.toString(), "h", randomHash())
                .body("errors[0].extensions.code", equalTo("INSUFFICIENT_STAKE"))
                .body("errors[0].extensions.reason", equalTo("BOND_NOT_COVERED"))
                .body("errors[0].extensions.required", equalTo(OCTO.multiply(BigInteger.valueOf(100)).toString()))
                .body("errors[0].extensions.available", equalTo(OCTO.multiply(BigInteger.valueOf(50)).toString()));
        Gql.as(carol, "{ myContributions { edges { node { id } } } }")
                .body("data.myContributions.edges.size()", equalTo(1));
        Gql.as(carol, BALANCES).body("data.myBalances.bonded", equalTo(OCTO.multiply(BigInteger.valueOf(100)).toString()));

        JsonPath slashing = Gql.as(cura, REJECT, "id", first, "r", "MALICIOUS", "m", true)
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(slashing.getString("data.rejectContribution.state")).isEqualTo("SLASHING");
        assertThat(slashing.getString("data.rejectContribution.slashAmount")).isEqualTo(OCTO.multiply(BigInteger.valueOf(50)).toString());

        JsonPath slashed = Await.until("slash mined and mirrored", Duration.ofSeconds(60),
                () -> Gql.as(cura, CONTRIBUTION, "id", first).extract().jsonPath(),
                c -> "SLASHED".equals(c.getString("data.contribution.state")));
        assertThat(slashed.getList("data.contribution.history.to", String.class))
                .containsExactly("PENDING", "SLASHING", "SLASHED");
        assertThat(slashed.getString("data.contribution.slash.status")).isEqualTo("MIRRORED");
        assertThat(slashed.getInt("data.contribution.contributorReputation.slashed")).isEqualTo(1);
        assertThat(slashed.getInt("data.contribution.contributorReputation.score")).isEqualTo(-30);
        assertThat(Stakers.slashed(wallet.getAddress())).isEqualTo(OCTO.multiply(BigInteger.valueOf(50)));
        assertThat(stakeManager().stakedOf(wallet.getAddress()).send()).isEqualTo(OCTO.multiply(BigInteger.valueOf(100)));
        Gql.as(carol, BALANCES).body("data.myBalances.bonded", equalTo("0"))
                .body("data.me.reputation.slashed", equalTo(1));
    }

    @Test
    void anUpheldChallengeSlashesAndRewardsTheChallengerExactly() throws Throwable {
        // odd terms, so rounding shows: slash = floor(bond × 3333 / 10000), reward = floor(slash × 1234 / 10000)
        BigInteger bond = OCTO.add(BigInteger.valueOf(7));
        BigInteger deposit = OCTO.divide(BigInteger.TWO).add(BigInteger.valueOf(3));
        Challengeable setup = challengeable(new TestDatanets.Terms(bond, 3600, deposit, 3333, 1234));
        TestUser carol = setup.contributor();
        TestUser cura = setup.curator();
        TestUser second = setup.secondCurator();
        TestUser chuck = setup.challenger();
        UUID datanet = setup.datanet();

        String id = submit(carol, datanet, randomHash()).getString("data.submitContribution.id");
        JsonPath accepted = Gql.as(cura, ACCEPT, "id", id).body("errors", nullValue()).extract().jsonPath();
        assertThat(accepted.getString("data.acceptContribution.state")).isEqualTo("ACCEPTED");
        assertThat(accepted.getString("data.acceptContribution.challengeEndsAt")).isNotNull();
        // a contributor may not challenge their own, and no one without stake may challenge
        Gql.as(carol, CHALLENGE, "id", id).body("errors[0].extensions.reason", equalTo("OWN_CONTRIBUTION"));
        Gql.as(TestUsers.create("stakeless", "consumer"), CHALLENGE, "id", id)
                .body("errors[0].extensions.code", equalTo("VALIDATION"));

        JsonPath challenged = Gql.as(chuck, CHALLENGE, "id", id).body("errors", nullValue()).extract().jsonPath();
        assertThat(challenged.getString("data.challengeContribution.state")).isEqualTo("CHALLENGED");
        Gql.as(chuck, BALANCES).body("data.myBalances.available", equalTo(OCTO.subtract(deposit).toString()))
                .body("data.myBalances.escrow", equalTo(deposit.toString()));
        Gql.as(chuck, CHALLENGE, "id", id).body("errors[0].extensions.reason", equalTo("ILLEGAL_TRANSITION"));

        // the curator who accepted does not judge the challenge against their own acceptance
        Gql.as(cura, RESOLVE, "id", id, "u", true).body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.reason", equalTo("ACCEPTED_BY_YOU"));
        JsonPath upheld = Gql.as(second, RESOLVE, "id", id, "u", true).body("errors", nullValue()).extract().jsonPath();
        BigInteger slash = bond.multiply(BigInteger.valueOf(3333)).divide(BigInteger.valueOf(10_000));
        BigInteger reward = slash.multiply(BigInteger.valueOf(1234)).divide(BigInteger.valueOf(10_000));
        assertThat(upheld.getString("data.resolveChallenge.state")).isEqualTo("SLASHING");
        assertThat(upheld.getString("data.resolveChallenge.slashAmount")).isEqualTo(slash.toString());
        assertThat(upheld.getString("data.resolveChallenge.challenges[0].status")).isEqualTo("UPHELD");
        assertThat(upheld.getString("data.resolveChallenge.challenges[0].reward")).isEqualTo(reward.toString());
        Gql.as(chuck, BALANCES).body("data.myBalances.available", equalTo(OCTO.toString()))
                .body("data.myBalances.escrow", equalTo("0"));

        Await.until("slash mined and mirrored", Duration.ofSeconds(60),
                () -> Gql.as(chuck, CONTRIBUTION, "id", id).extract().jsonPath(),
                c -> "SLASHED".equals(c.getString("data.contribution.state")));
        Gql.as(chuck, BALANCES).body("data.myBalances.available", equalTo(OCTO.add(reward).toString()))
                .body("data.me.reputation.challengesUpheld", equalTo(1));
        Gql.as(carol, BALANCES).body("data.myBalances.bonded", equalTo("0"));
        assertThat(Stakers.slashed(Stakers.linkedAddress(carol))).isEqualTo(slash);
        assertThat(stakeManager().stakedOf(Stakers.linkedAddress(carol)).send()).isEqualTo(bond.subtract(slash));
    }

    @Test
    void aDismissedChallengePaysTheDepositToTheContributor() throws Throwable {
        BigInteger deposit = OCTO.divide(BigInteger.TEN);
        Challengeable setup = challengeable(new TestDatanets.Terms(OCTO, 3600, deposit, 5000, 2000));
        TestUser carol = setup.contributor();
        TestUser cura = setup.curator();
        TestUser second = setup.secondCurator();
        TestUser chuck = setup.challenger();
        UUID datanet = setup.datanet();

        String id = submit(carol, datanet, randomHash()).getString("data.submitContribution.id");
        Gql.as(cura, ACCEPT, "id", id).body("errors", nullValue());
        Gql.as(chuck, CHALLENGE, "id", id).body("errors", nullValue());
        JsonPath dismissed = Gql.as(second, RESOLVE, "id", id, "u", false).body("errors", nullValue())
                .extract().jsonPath();
        assertThat(dismissed.getString("data.resolveChallenge.state")).isEqualTo("FINAL");
        assertThat(dismissed.getList("data.resolveChallenge.history.to", String.class))
                .containsExactly("PENDING", "ACCEPTED", "CHALLENGED", "FINAL");
        Gql.as(carol, BALANCES).body("data.myBalances.available", equalTo(deposit.toString()))
                .body("data.myBalances.bonded", equalTo("0"))
                .body("data.me.reputation.finalized", equalTo(1));
        Gql.as(chuck, BALANCES).body("data.myBalances.available", equalTo(OCTO.subtract(deposit).toString()))
                .body("data.myBalances.escrow", equalTo("0"))
                .body("data.me.reputation.challengesDismissed", equalTo(1));
    }

    @Test
    void anUnchallengedContributionBecomesFinalWhenTheWindowPasses() throws Throwable {
        TestUser carol = TestUsers.create("contributor", "contributor");
        TestUser cura = TestUsers.create("curator", "curator");
        UUID datanet = TestDatanets.create(cura, "OPEN", new TestDatanets.Terms(OCTO, 7200, OCTO, 5000, 2000));
        Stakers.stake(chain, Stakers.linkedWallet(chain, carol, OCTO), OCTO);
        String id = submit(carol, datanet, randomHash()).getString("data.submitContribution.id");
        Gql.as(cura, ACCEPT, "id", id).body("errors", nullValue());
        Gql.as(carol, BALANCES).body("data.myBalances.bonded", equalTo(OCTO.toString()));

        time.advance(Duration.ofSeconds(7201));
        JsonPath finalized = Await.until("window closed", Duration.ofSeconds(30),
                () -> Gql.as(carol, CONTRIBUTION, "id", id).extract().jsonPath(),
                c -> "FINAL".equals(c.getString("data.contribution.state")));
        assertThat(finalized.getString("data.contribution.history[2].note")).isEqualTo("challenge window closed");
        assertThat(finalized.getString("data.contribution.history[2].actor")).isNull();
        Gql.as(carol, BALANCES).body("data.myBalances.bonded", equalTo("0"))
                .body("data.me.reputation.accepted", equalTo(1))
                .body("data.me.reputation.finalized", equalTo(1))
                .body("data.me.reputation.score", equalTo(10));
        // too late to challenge now
        TestUser late = TestUsers.create("challenger", "consumer");
        Stakers.stake(chain, Stakers.linkedWallet(chain, late, OCTO), OCTO);
        Gql.as(late, CHALLENGE, "id", id).body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("ILLEGAL_TRANSITION"))
                .body("errors[0].extensions.state", equalTo("FINAL"));
    }

    @Test
    void aNonMaliciousRejectionReleasesTheBondAndTheSameHashMayComeBack() throws Throwable {
        TestUser carol = TestUsers.create("contributor", "contributor");
        TestUser cura = TestUsers.create("curator", "curator");
        TestUser other = TestUsers.create("curator", "curator");
        UUID datanet = TestDatanets.create(cura, "OPEN", new TestDatanets.Terms(OCTO, 3600, OCTO, 5000, 2000));
        Stakers.stake(chain, Stakers.linkedWallet(chain, carol, OCTO), OCTO);
        String hash = randomHash();
        String id = submit(carol, datanet, hash).getString("data.submitContribution.id");

        Gql.as(other, ACCEPT, "id", id).body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.reason", equalTo("NOT_DATANET_CURATOR"));
        Gql.as(TestUsers.create("consumer", "consumer"), ACCEPT, "id", id)
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.action", equalTo("CURATE"));
        JsonPath rejected = Gql.as(cura, REJECT, "id", id, "r", "WRONG_LICENCE", "m", false)
                .body("errors", nullValue()).extract().jsonPath();
        assertThat(rejected.getString("data.rejectContribution.state")).isEqualTo("REJECTED");
        assertThat(rejected.getString("data.rejectContribution.rejectionReason")).isEqualTo("WRONG_LICENCE");
        Gql.as(cura, ACCEPT, "id", id).body("errors[0].extensions.code", equalTo("CONFLICT"))
                .body("errors[0].extensions.reason", equalTo("ILLEGAL_TRANSITION"))
                .body("errors[0].extensions.state", equalTo("REJECTED"));
        Gql.as(carol, BALANCES).body("data.myBalances.bonded", equalTo("0"))
                .body("data.me.reputation.rejected", equalTo(1));

        // corrected and submitted again under the same hash; a second live copy is a duplicate
        submit(carol, datanet, hash);
        Gql.as(carol, SUBMIT, "d", datanet.toString(), "h", hash)
                .body("errors[0].extensions.code", equalTo("CONFLICT"));
    }

    @Test
    void badSubmissionsAreRefusedWithTheirField() throws Throwable {
        TestUser carol = TestUsers.create("contributor", "contributor");
        TestUser cura = TestUsers.create("curator", "curator");
        UUID datanet = TestDatanets.create(cura, "OPEN", new TestDatanets.Terms(OCTO, 3600, OCTO, 5000, 2000));
        Gql.as(carol, SUBMIT, "d", datanet.toString(), "h", randomHash())
                .body("errors[0].extensions.field", equalTo("input.wallet"));
        Stakers.stake(chain, Stakers.linkedWallet(chain, carol, OCTO), OCTO);
        Gql.as(carol, SUBMIT, "d", datanet.toString(), "h", "abc")
                .body("errors[0].extensions.field", equalTo("input.contentHash"));
        Gql.as(carol, SUBMIT, "d", datanet.toString(), "h", randomHash(), "parents", List.of(randomHash()))
                .body("errors[0].extensions.field", equalTo("input.parentHashes"));
        Gql.as(carol, SUBMIT, "d", UUID.randomUUID().toString(), "h", randomHash())
                .body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        Gql.as(cura, SUBMIT, "d", datanet.toString(), "h", randomHash())
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.action", equalTo("SUBMIT_CONTRIBUTION"));
        Gql.as(carol, BALANCES).body("data.myBalances.bonded", equalTo("0"));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** A datanet with two curators, a contributor staked for one bond, a challenger with stake and 1 OCTO available. */
    record Challengeable(TestUser contributor, TestUser curator, TestUser secondCurator, TestUser challenger,
            UUID datanet) {
    }

    private Challengeable challengeable(TestDatanets.Terms terms) throws Exception {
        TestUser carol = TestUsers.create("contributor", "contributor");
        TestUser cura = TestUsers.create("curator", "curator");
        TestUser second = TestUsers.create("curator", "curator");
        TestUser chuck = TestUsers.create("challenger", "consumer");
        UUID datanet = TestDatanets.create(cura, "OPEN", terms);
        TestDatanets.addCurator(datanet, cura, second);
        Stakers.stake(chain, Stakers.linkedWallet(chain, carol, terms.bond()), terms.bond());
        Credentials chuckWallet = Stakers.linkedWallet(chain, chuck, OCTO.multiply(BigInteger.TWO));
        Stakers.stake(chain, chuckWallet, OCTO);
        Stakers.deposit(chain, chuckWallet, OCTO);
        Await.until("challenger's deposit credited", () -> available(chuck).equals(OCTO));
        return new Challengeable(carol, cura, second, chuck, datanet);
    }

    static JsonPath submit(TestUser user, UUID datanet, String hash, String... parents) {
        return Gql.as(user, SUBMIT, "d", datanet.toString(), "h", hash, "parents", List.of(parents))
                .body("errors", nullValue()).body("data.submitContribution.state", equalTo("PENDING"))
                .extract().jsonPath();
    }

    static String randomHash() {
        return HexFormat.of().formatHex(Hash.sha256(UUID.randomUUID().toString().getBytes()));
    }

    static BigInteger available(TestUser user) {
        return new BigInteger(Gql.as(user, BALANCES).body("errors", nullValue()).extract()
                .<String>path("data.myBalances.available"));
    }

    private StakeManager stakeManager() {
        return chain.stakeManager();
    }
}
