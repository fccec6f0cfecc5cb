package io.cipherocto.market.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cipherocto.market.identity.PartnerTier;
import io.cipherocto.market.partner.PartnerAttribution;
import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A partner's share carved out of a sale's platform fee: exact, balanced, never more than the fee. */
class PartnerSharePostingTest {

    static final UUID BUYER = UUID.randomUUID();
    static final UUID SELLER = UUID.randomUUID();
    static final UUID ORG = UUID.randomUUID();

    private static BigInteger n(long value) {
        return BigInteger.valueOf(value);
    }

    @Test
    void theBuyerOfEachSaleIsTheParticipantItDebits() {
        assertThat(Posting.agentUsage(BUYER, SELLER, n(57), n(5), "r").buyer()).contains(BUYER);
        assertThat(Posting.quotaUsageReleased(BUYER, SELLER, n(57), n(5), "r").buyer()).contains(BUYER);
        assertThat(Posting.jobPaid(BUYER, SELLER, n(57), n(5), "r").buyer()).contains(BUYER);
        // not sales: no buyer, no attribution
        assertThat(Posting.transfer(BUYER, SELLER, n(5), "r").buyer()).isEmpty();
        assertThat(Posting.withdrawalRequested(BUYER, n(5), n(1), "r").buyer()).isEmpty();
        assertThat(Posting.quotaPurchased(BUYER, n(5), "r").buyer()).isEmpty();
    }

    @Test
    void theShareMovesFromThePlatformFeeToTheOrganisation() {
        Posting sale = Posting.agentUsage(BUYER, SELLER, n(57), n(5), "r");
        Posting shared = sale.withPartnerShare(ORG, n(2));
        assertThat(shared.kind()).isEqualTo(TransactionKind.AGENT_USAGE);
        assertThat(shared.ref()).isEqualTo("r");
        assertThat(shared.legs()).containsExactlyInAnyOrder(
                new Posting.Leg(BUYER, AccountKind.AVAILABLE, n(-57)),
                new Posting.Leg(SELLER, AccountKind.AVAILABLE, n(52)),
                new Posting.Leg(null, AccountKind.PLATFORM_FEE, n(3)),
                new Posting.Leg(null, AccountKind.PARTNER_SHARE, n(2), ORG));
        // the whole fee: the platform-fee leg goes, the seller's part is untouched
        assertThat(sale.withPartnerShare(ORG, n(5)).legs()).containsExactlyInAnyOrder(
                new Posting.Leg(BUYER, AccountKind.AVAILABLE, n(-57)),
                new Posting.Leg(SELLER, AccountKind.AVAILABLE, n(52)),
                new Posting.Leg(null, AccountKind.PARTNER_SHARE, n(5), ORG));
        // nothing to share: the same posting
        assertThat(sale.withPartnerShare(ORG, BigInteger.ZERO)).isSameAs(sale);
        assertThat(Posting.jobPaid(BUYER, SELLER, n(10), BigInteger.ZERO, "r").withPartnerShare(ORG,
                BigInteger.ZERO).platformFee()).isZero();
    }

    @Test
    void aShareBeyondTheFeeOrWithoutAnOwnerIsABug() {
        Posting sale = Posting.quotaUsageReleased(BUYER, SELLER, n(100), n(10), "r");
        assertThatThrownBy(() -> sale.withPartnerShare(ORG, n(11))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sale.withPartnerShare(ORG, n(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sale.withPartnerShare(null, n(1))).isInstanceOf(IllegalArgumentException.class);
        // a PARTNER_SHARE leg belongs to an organisation, never to a participant or the platform
        assertThatThrownBy(() -> new Posting(TransactionKind.AGENT_USAGE, "r", java.util.List.of(
                new Posting.Leg(BUYER, AccountKind.AVAILABLE, n(-1)),
                new Posting.Leg(SELLER, AccountKind.PARTNER_SHARE, n(1))))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Posting(TransactionKind.AGENT_USAGE, "r", java.util.List.of(
                new Posting.Leg(BUYER, AccountKind.AVAILABLE, n(-1)),
                new Posting.Leg(null, AccountKind.PLATFORM_FEE, n(1), ORG)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theShareIsTheFeeTimesTheRateRoundedDown() {
        PartnerAttribution.Terms strategic = new PartnerAttribution.Terms(ORG, PartnerTier.STRATEGIC, 1, 1000);
        assertThat(strategic.shareOf(n(5))).isZero();
        assertThat(strategic.shareOf(n(19))).isEqualTo(n(1));
        assertThat(strategic.shareOf(n(100))).isEqualTo(n(10));
        BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        assertThat(strategic.shareOf(max)).isEqualTo(max.divide(BigInteger.TEN));
        assertThat(new PartnerAttribution.Terms(ORG, PartnerTier.STRATEGIC, 1, 10_000).shareOf(n(7))).isEqualTo(n(7));
        assertThat(new PartnerAttribution.Terms(ORG, PartnerTier.COMMUNITY, 1, 0).shareOf(max)).isZero();
    }
}
