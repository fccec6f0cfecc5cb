package io.cipherocto.market.job;

import static io.cipherocto.market.job.Jobs.CLAIM;
import static io.cipherocto.market.job.Jobs.COMPLETE;
import static io.cipherocto.market.job.Jobs.HEARTBEAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.Ledgers;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A job paid out to its operator for a consumer who is a member of a STRATEGIC partner organisation: the job's fee is
 * shared with the organisation in the payout's own ledger transaction, exact to the base unit (real Keycloak users, a
 * real staked operator wallet).
 */
@QuarkusTest
class JobRevenueShareTest {

    static final String CREATE_ORG = """
            mutation($i: CreatePartnerOrganisationInput!) { createPartnerOrganisation(input: $i) { id } }""";

    @Inject
    Chain chain;

    @Test
    void aMembersJobPayoutSharesTheFeeWithItsOrganisation() throws Throwable {
        TestUser admin = TestUsers.create("jobrs-admin", "admin");
        String partnerId = "jobrs-" + UUID.randomUUID().toString().substring(0, 8);
        String org = Gql.as(admin, CREATE_ORG, "i", new HashMap<>(Map.of("partnerId", partnerId, "name", "Org "
                        + partnerId, "website", "https://" + partnerId + ".example", "category", "INFRASTRUCTURE",
                        "tier", "STRATEGIC"))).body("errors", nullValue()).extract()
                .path("data.createPartnerOrganisation.id");
        TestUser consumer = TestUsers.user("jobrs-consumer").roles("consumer").partner("STRATEGIC", partnerId).create();
        UUID consumerId = Jobs.participantId(consumer);
        Ledgers.credit(consumerId, BigInteger.valueOf(100_000));
        String gpu = Jobs.gpuClass();
        Jobs.Operator op = Jobs.operator(chain, gpu, 80);
        BigInteger feesBefore = Ledgers.platformFees();

        String job = Jobs.submit(consumer, gpu, BigInteger.valueOf(20_000));
        Gql.as(op.user(), CLAIM).body("errors", nullValue());
        Gql.as(op.user(), HEARTBEAT, "i", Map.of("jobId", job, "progress", 50, "spent", "10000"))
                .body("errors", nullValue());
        String result = Jobs.resultHash();
        JsonPath done = Gql.as(op.user(), COMPLETE, "i", Map.of("jobId", job, "outcome", "SUCCEEDED",
                        "resultHash", result, "charge", "19999",
                        "signature", Jobs.attestation(job, "SUCCEEDED", result, op.wallet())))
                .body("errors", nullValue()).extract().jsonPath();
        // fee floor(19 999 × 500 / 10000) = 999 (as the job shows); share floor(999 × 1000 / 10000) = 99
        assertThat(done.getString("data.completeJob.fee")).isEqualTo("999");
        assertThat(Ledgers.balances(op.id())[0]).isEqualTo(BigInteger.valueOf(19_000));
        assertThat(Ledgers.platformFees().subtract(feesBefore)).isEqualTo(BigInteger.valueOf(900));

        List<Object[]> rows = Commands.inTransaction(s -> s.createNativeQuery("""
                        SELECT s.organisation_id, s.tier, s.revenue_share_bps, s.platform_fee, s.share, t.kind,
                               (SELECT sum(e.amount) FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
                                 WHERE e.transaction_id = t.id AND a.kind = 'PARTNER_SHARE' AND a.organisation_id
                                       = s.organisation_id)
                          FROM partner_revenue_share s JOIN ledger_transaction t ON t.id = s.transaction_id
                         WHERE s.buyer_id = :b""", Object[].class).setParameter("b", consumerId).getResultList());
        assertThat(rows).hasSize(1);
        Object[] row = rows.getFirst();
        assertThat(row[0]).isEqualTo(UUID.fromString(org));
        assertThat(row[1]).isEqualTo("STRATEGIC");
        assertThat(((Number) row[2]).intValue()).isEqualTo(1000);
        assertThat(Rows.bigInteger(row[3])).isEqualTo(BigInteger.valueOf(999));
        assertThat(Rows.bigInteger(row[4])).isEqualTo(BigInteger.valueOf(99));
        assertThat(row[5]).isEqualTo("JOB_PAID");
        assertThat(Rows.bigInteger(row[6])).as("the PARTNER_SHARE leg of the payout's transaction")
                .isEqualTo(BigInteger.valueOf(99));
        Gql.as(consumer, "{ myPartnerOrganisation { revenueShare } }").body("errors", nullValue())
                .body("data.myPartnerOrganisation.revenueShare", equalTo("99"));
        Ledgers.assertLedgerBalanced();
    }
}
