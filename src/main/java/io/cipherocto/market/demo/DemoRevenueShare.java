package io.cipherocto.market.demo;

import io.cipherocto.market.agent.Agent;
import io.cipherocto.market.agent.AgentService;
import io.cipherocto.market.agent.AgentStatus;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.settlement.AccountKind;
import io.cipherocto.market.settlement.LedgerService;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A demo partner-sourced sale: oscar, a member of CloudAsia (STRATEGIC), uses alice's code review agent for 30 calls,
 * reported by his own gateway (he is the README operator), so CloudAsia earns 10 % of the platform's 10 % commission.
 * Runs after the organisations exist; idempotent by the usage's key (a second run charges nothing).
 */
@ApplicationScoped
public class DemoRevenueShare {

    static final String KEY = "demo-cloudasia-review";
    private static final BigInteger MILLI_OCTO = BigInteger.TEN.pow(15);

    private final ParticipantService participants;
    private final AgentService agents;
    private final LedgerService ledger;

    DemoRevenueShare(ParticipantService participants, AgentService agents, LedgerService ledger) {
        this.participants = participants;
        this.agents = agents;
        this.ledger = ledger;
    }

    /** Bills the demo usage (or finds it billed); false when alice's agent is missing. */
    boolean seed(Map<String, Caller> callers) throws Throwable {
        UUID alice = await(() -> participants.participantOf(callers.get("alice"))).id();
        UUID oscar = await(() -> participants.participantOf(callers.get("oscar"))).id();
        Agent review = await(() -> agents.mine(alice, PageRequest.of(100, null))).nodes().stream()
                .filter(a -> a.name().equals("Code review agent") && a.status() == AgentStatus.LISTED).findFirst()
                .orElse(null);
        if (review == null) {
            return false;
        }
        // oscar's deposit is mirrored asynchronously: wait for it a little, else leave the sale to the next run
        await(() -> ledger.balancesOf(oscar).invoke(b -> {
            if (b.get(AccountKind.AVAILABLE).compareTo(MILLI_OCTO.multiply(BigInteger.valueOf(300))) < 0) {
                throw new IllegalStateException("oscar's demo deposit is not credited yet");
            }
        }).onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(1)).atMost(60));
        await(() -> agents.recordUsage(oscar, review.id(), oscar, 30, KEY));
        return true;
    }

    private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
