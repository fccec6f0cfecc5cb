package io.cipherocto.market.datanet;

import static io.cipherocto.market.datanet.ContributionLifecycleTest.CONTRIBUTION;
import static io.cipherocto.market.datanet.ContributionLifecycleTest.OCTO;
import static io.cipherocto.market.datanet.ContributionLifecycleTest.REJECT;
import static io.cipherocto.market.datanet.ContributionLifecycleTest.randomHash;
import static io.cipherocto.market.datanet.ContributionLifecycleTest.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.chain.Chain;
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
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** A reorg that removes a mirrored slash undoes what it meant for the contribution, and the resent slash redoes it. */
@Tag("slow")
@QuarkusTest
class ContributionReorgTest {

    @Inject
    Chain chain;

    @Test
    void aSlashRemovedByAReorgIsUndoneAndAppliedOnceMoreWhenMinedAgain() throws Throwable {
        TestUser carol = TestUsers.create("contributor", "contributor");
        TestUser cura = TestUsers.create("curator", "curator");
        UUID datanet = TestDatanets.create(cura, "OPEN", new TestDatanets.Terms(OCTO, 3600, OCTO, 4000, 0));
        Credentials wallet = Stakers.linkedWallet(chain, carol, OCTO);
        Stakers.stake(chain, wallet, OCTO);
        String id = submit(carol, datanet, randomHash()).getString("data.submitContribution.id");

        String snapshot = ChainNode.rpc("evm_snapshot").asText();
        Gql.as(cura, REJECT, "id", id, "r", "MALICIOUS", "m", true).body("errors", nullValue());
        Await.until("slashed", Duration.ofSeconds(60), () -> Gql.as(cura, CONTRIBUTION, "id", id).extract().jsonPath(),
                c -> "SLASHED".equals(c.getString("data.contribution.state")));

        ChainNode.rpc("evm_revert", snapshot);
        for (int i = 0; i < 6; i++) {
            ChainNode.mine();
        }
        // the mirror rolls back (SLASHING, bond held again), the outbox sends the slash again, it is mirrored again
        JsonPath again = Await.until("slashed once more", Duration.ofSeconds(90),
                () -> Gql.as(cura, CONTRIBUTION, "id", id).extract().jsonPath(),
                c -> c.getList("data.contribution.history.to").size() == 5
                        && "SLASHED".equals(c.getString("data.contribution.state")));
        assertThat(again.getList("data.contribution.history.to", String.class))
                .containsExactly("PENDING", "SLASHING", "SLASHED", "SLASHING", "SLASHED");
        assertThat(again.getInt("data.contribution.contributorReputation.slashed")).isEqualTo(1);
        BigInteger slash = OCTO.multiply(BigInteger.valueOf(4)).divide(BigInteger.TEN);
        assertThat(Stakers.slashed(wallet.getAddress())).isEqualTo(slash);
        Gql.as(carol, "{ myBalances { bonded } }").body("data.myBalances.bonded", equalTo("0"));
        assertThat(Gql.as(carol, "{ myLedger(first: 20) { edges { node { transactionKind } } } }").extract().jsonPath()
                .<String>getList("data.myLedger.edges.node.transactionKind"))
                .containsSubsequence("BOND_SLASHED", "BOND_SLASHED_REVERSED", "BOND_SLASHED", "BOND_HELD");
    }
}
