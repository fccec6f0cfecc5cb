package io.cipherocto.market.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cipherocto.market.settlement.AccountKind;
import io.cipherocto.market.settlement.Posting;
import io.cipherocto.market.settlement.TransactionKind;
import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The legs of an agent's usage posting: balanced, exact, no zero leg, never the owner paying themselves. */
class AgentUsagePostingTest {

    static final UUID CONSUMER = UUID.randomUUID();
    static final UUID OWNER = UUID.randomUUID();

    @Test
    void theConsumerPaysTheOwnerAndThePlatform() {
        Posting p = Posting.agentUsage(CONSUMER, OWNER, BigInteger.valueOf(57), BigInteger.valueOf(5), "r");
        assertThat(p.kind()).isEqualTo(TransactionKind.AGENT_USAGE);
        assertThat(p.legs()).containsExactlyInAnyOrder(
                new Posting.Leg(CONSUMER, AccountKind.AVAILABLE, BigInteger.valueOf(-57)),
                new Posting.Leg(OWNER, AccountKind.AVAILABLE, BigInteger.valueOf(52)),
                new Posting.Leg(null, AccountKind.PLATFORM_FEE, BigInteger.valueOf(5)));
    }

    @Test
    void aZeroPartHasNoLeg() {
        assertThat(Posting.agentUsage(CONSUMER, OWNER, BigInteger.ONE, BigInteger.ZERO, "r").legs()).hasSize(2)
                .noneMatch(l -> l.account() == AccountKind.PLATFORM_FEE);
        assertThat(Posting.agentUsage(CONSUMER, OWNER, BigInteger.TEN, BigInteger.TEN, "r").legs()).hasSize(2)
                .noneMatch(l -> OWNER.equals(l.participantId()));
    }

    @Test
    void impossibleSplitsAreBugsNotPostings() {
        assertThatThrownBy(() -> Posting.agentUsage(OWNER, OWNER, BigInteger.TEN, BigInteger.ONE, "r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Posting.agentUsage(CONSUMER, OWNER, BigInteger.TEN, BigInteger.valueOf(11), "r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Posting.agentUsage(CONSUMER, OWNER, BigInteger.TEN, BigInteger.valueOf(-1), "r"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
