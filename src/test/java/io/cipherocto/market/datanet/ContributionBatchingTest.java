package io.cipherocto.market.datanet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.SqlStatements;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.jboss.logging.Logger;

/**
 * A page of contributions with every nested field costs a fixed number of SQL statements, whatever its size: each
 * nested field is loaded for the whole page at once. Counted with the SQL client's own meter on a quiet server (no
 * chain worker, no finalizer round), so nothing else runs statements meanwhile.
 */
@QuarkusTest
@TestProfile(SqlStatements.Quiet.class)
public class ContributionBatchingTest {

    private static final Logger LOG = Logger.getLogger(ContributionBatchingTest.class);

    static final String PAGE = """
            query($d: ID!, $n: Int!) { contributions(datanetId: $d, first: $n) { edges { node {
              id state contentHash parentHashes datanet { id name }
              contributor { id username wallets { address } reputation { score } }
              contributorReputation { score }
              history { to actor { id } }
              challenges { status challenger { id } }
              slash { status }
            } } } }""";

    @Test
    void aPageOfContributionsCostsTheSameStatementsAtAnySize() throws Throwable {
        TestUser owner = TestUsers.create("curator", "curator");
        TestUser carol = TestUsers.create("contributor", "contributor");
        UUID datanet = TestDatanets.create(owner, "GATED",
                new TestDatanets.Terms(BigInteger.ONE, 3600, BigInteger.ONE, 5000, 2000));
        seed(datanet, UUID.fromString(TestDatanets.participantId(carol)),
                UUID.fromString(TestDatanets.participantId(owner)), 60);
        // warm: participant rows, prepared statements
        Gql.as(owner, PAGE, "d", datanet.toString(), "n", 2).body("errors", nullValue());

        long small = SqlStatements.of(() -> Gql.as(owner, PAGE, "d", datanet.toString(), "n", 5)
                .body("errors", nullValue()).body("data.contributions.edges.size()", equalTo(5)));
        long large = SqlStatements.of(() -> Gql.as(owner, PAGE, "d", datanet.toString(), "n", 50)
                .body("errors", nullValue()).body("data.contributions.edges.size()", equalTo(50))
                .body("data.contributions.edges[49].node.history.size()", equalTo(2))
                .body("data.contributions.edges[49].node.parentHashes.size()", equalTo(1)));
        LOG.infof("statements: page of 5 = %d, page of 50 = %d", small, large);
        assertThat(small).isPositive();
        assertThat(large).isEqualTo(small);
    }

    /** {@code n} accepted contributions, each with a parent and a two-step history, written straight to the tables. */
    private static void seed(UUID datanet, UUID contributor, UUID curator, int n) throws Throwable {
        Commands.inTransaction(s -> s.createNativeQuery("""
                        WITH made AS (
                            INSERT INTO contribution (id, datanet_id, contributor_id, wallet, content_hash, storage_uri,
                                   byte_size, licence, state, bond, challenge_window_seconds, challenge_deposit,
                                   slash_share_bps, challenger_reward_bps, submitted_at, reviewed_by, reviewed_at,
                                   challenge_ends_at, updated_at)
                            SELECT gen_random_uuid(), :d, :c, '0x' || repeat('ab', 20), encode(sha256(gen_random_uuid()::text::bytea), 'hex'),
                                   'ipfs://x', 1, 'CC0', 'ACCEPTED', 1, 3600, 1, 5000, 2000, now() - i * interval '1 second',
                                   :cur, now(), now() + interval '1 hour', now()
                              FROM generate_series(1, :n) i
                            RETURNING id, content_hash),
                        parents AS (
                            INSERT INTO contribution_parent (contribution_id, parent_hash)
                            SELECT id, encode(sha256(content_hash::bytea), 'hex') FROM made),
                        history AS (
                            INSERT INTO contribution_transition (contribution_id, from_state, to_state, actor_id, at)
                            SELECT id, NULL, 'PENDING', CAST(:c AS uuid), now() FROM made
                            UNION ALL SELECT id, 'PENDING', 'ACCEPTED', CAST(:cur AS uuid), now() FROM made)
                        SELECT count(*) FROM made""")
                .setParameter("d", datanet).setParameter("c", contributor).setParameter("cur", curator)
                .setParameter("n", n).getSingleResult());
    }
}
