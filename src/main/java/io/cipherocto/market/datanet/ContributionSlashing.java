package io.cipherocto.market.datanet;

import io.cipherocto.market.chain.ChainEvent;
import io.cipherocto.market.chain.ChainEventHandler;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.datanet.ReputationService.Outcome;
import io.cipherocto.market.staking.StakeBonds;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What a mirrored slash means for datanets, on the mirror's session: the contribution whose slash reason hash the
 * {@code Slashed} event carries becomes SLASHED, its bond is consumed (the slashed part to the treasury, an upheld
 * challenger's reward out of it) and the contributor's reputation drops. A reorg that removes the event undoes all
 * three. Slashes other features asked for are not found here and left alone.
 */
@ApplicationScoped
public class ContributionSlashing implements ChainEventHandler {

    private final StakeBonds bonds;
    private final ReputationService reputation;
    private final TimeSource time;

    ContributionSlashing(StakeBonds bonds, ReputationService reputation, TimeSource time) {
        this.bonds = bonds;
        this.reputation = reputation;
        this.time = time;
    }

    @Override
    public Uni<Void> ingested(Mutiny.Session session, List<ChainEvent> events) {
        Uni<Void> work = Uni.createFrom().voidItem();
        for (ChainEvent event : events) {
            if (event instanceof ChainEvent.Slashed slashed) {
                work = work.call(() -> slashed(session, slashed));
            }
        }
        return work;
    }

    @Override
    public Uni<Void> rolledBack(Mutiny.Session session, List<ChainEvent> events) {
        Uni<Void> work = Uni.createFrom().voidItem();
        for (ChainEvent event : events) {
            if (event instanceof ChainEvent.Slashed slashed) {
                work = work.call(() -> unslashed(session, slashed));
            }
        }
        return work;
    }

    private Uni<Void> slashed(Mutiny.Session session, ChainEvent.Slashed event) {
        return contribution(session, event, ContributionState.SLASHING).chain(c -> {
            if (c == null) {
                return Uni.createFrom().voidItem();
            }
            OffsetDateTime now = time.nowUtc();
            c.moveTo(ContributionState.SLASHED, now);
            return reward(session, c.id).chain(reward -> bonds.consume(session, c.bondReference(), event.amount(),
                                    reward.challenger(), reward.amount().min(event.amount()), occurrence(event), now))
                    .chain(() -> ContributionService.transition(session, c.id, ContributionState.SLASHING,
                            ContributionState.SLASHED, null, "slash of " + event.amount() + " mined in block "
                                    + event.at().blockNumber() + " (" + event.at().txHash() + ")", now))
                    .chain(() -> reputation.record(session, c.contributorId, c.datanetId, Outcome.SLASHED, now));
        });
    }

    private Uni<Void> unslashed(Mutiny.Session session, ChainEvent.Slashed event) {
        return contribution(session, event, ContributionState.SLASHED).chain(c -> {
            if (c == null) {
                return Uni.createFrom().voidItem();
            }
            OffsetDateTime now = time.nowUtc();
            c.moveTo(ContributionState.SLASHING, now);
            return reward(session, c.id).chain(reward -> bonds.unconsume(session, c.bondReference(), event.amount(),
                            reward.challenger(), reward.amount().min(event.amount()), occurrence(event), now))
                    .chain(() -> ContributionService.transition(session, c.id, ContributionState.SLASHED,
                            ContributionState.SLASHING, null, "a chain reorganisation removed the slash; it is "
                                    + "sent again", now))
                    .chain(() -> reputation.undo(session, c.contributorId, c.datanetId, Outcome.SLASHED, now));
        });
    }

    private static Uni<ContributionEntity> contribution(Mutiny.Session session, ChainEvent.Slashed event,
            ContributionState state) {
        return session.createNativeQuery("SELECT id FROM contribution WHERE slash_reason_hash = :hash AND state = :state",
                        UUID.class)
                .setParameter("hash", event.reasonHash()).setParameter("state", state.name()).getResultList()
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().nullItem()
                        : session.find(ContributionEntity.class, ids.getFirst(), LockMode.PESSIMISTIC_WRITE));
    }

    private record Reward(UUID challenger, BigInteger amount) {
    }

    /** The upheld challenger's reward, if the slash followed an upheld challenge. */
    private static Uni<Reward> reward(Mutiny.Session session, UUID contribution) {
        return session.createNativeQuery("SELECT challenger_id, reward FROM contribution_challenge "
                        + "WHERE contribution_id = :c AND status = 'UPHELD'", Object[].class)
                .setParameter("c", contribution).getResultList()
                .map(rows -> rows.isEmpty() || rows.getFirst()[1] == null ? new Reward(null, BigInteger.ZERO)
                        : new Reward((UUID) rows.getFirst()[0], Rows.bigInteger(rows.getFirst()[1])));
    }

    /** The slash event's place on chain: the same event mirrored again after a reorg is a new occurrence. */
    private static String occurrence(ChainEvent.Slashed event) {
        return event.at().blockHash() + ":" + event.at().logIndex();
    }
}
