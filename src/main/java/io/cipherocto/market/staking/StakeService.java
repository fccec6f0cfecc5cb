package io.cipherocto.market.staking;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.chain.ChainEvent;
import io.cipherocto.market.chain.ChainOutbox;
import io.cipherocto.market.chain.MirroredEvents;
import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Stakes, the domain side of the StakeManager contract. A stake is a pure function of the mirrored events, folded
 * in chain order, so a reorg that removes events changes the answer with nothing else to undo. Features call
 * {@link #requireStake} before staked actions and {@link #requestSlash} to punish.
 */
@ApplicationScoped
public class StakeService {

    private final MirroredEvents events;
    private final ChainOutbox outbox;
    private final Chain chain;
    private final Clock clock = Clock.systemUTC();

    StakeService(MirroredEvents events, ChainOutbox outbox, Chain chain) {
        this.events = events;
        this.outbox = outbox;
        this.chain = chain;
    }

    public Uni<Stake> stakeOf(EvmAddress wallet) {
        return stakesOf(List.of(wallet.value())).map(List::getFirst);
    }

    /** Stakes of many lower-case wallets in one statement, in the order given (zero stakes where nothing is mirrored). */
    public Uni<List<Stake>> stakesOf(List<String> wallets) {
        return events.stakeEventsOf(chain.chainId(), wallets).map(all -> foldAll(wallets, all));
    }

    /** As {@link #stakesOf(List)}, read on a command's session. */
    Uni<List<Stake>> stakesOf(Mutiny.Session session, List<String> wallets) {
        return events.stakeEventsOf(session, chain.chainId(), wallets).map(all -> foldAll(wallets, all));
    }

    private List<Stake> foldAll(List<String> wallets, List<ChainEvent> all) {
        Map<String, List<ChainEvent>> byWallet = new HashMap<>();
        all.forEach(e -> byWallet.computeIfAbsent(e.account(), k -> new ArrayList<>()).add(e));
        return wallets.stream().map(w -> fold(w, byWallet.getOrDefault(w, List.of()))).toList();
    }

    /** The wallet's stake if its staked amount is at least {@code minimum}; otherwise fails with {@link InsufficientStake}. */
    public Uni<Stake> requireStake(String wallet, BigInteger minimum) {
        return stakesOf(List.of(wallet)).map(List::getFirst).invoke(stake -> {
            if (stake.staked().value().compareTo(minimum) < 0) {
                throw new InsufficientStake(wallet, minimum, stake.staked().value());
            }
        });
    }

    /**
     * The best-staked of {@code wallets} if it has at least {@code minimum} staked; otherwise fails with
     * {@link InsufficientStake} naming it (VALIDATION {@code wallet} when there is no wallet at all).
     */
    public Uni<Stake> requireStakeOfAny(List<String> wallets, BigInteger minimum) {
        if (wallets.isEmpty()) {
            throw io.cipherocto.market.core.error.OctoException.validation("wallet",
                    "link a wallet (walletChallenge, linkWallet) and stake from it first");
        }
        return stakesOf(wallets).map(stakes -> {
            Stake best = stakes.stream().max(java.util.Comparator.comparing(Stake::staked)).orElseThrow();
            if (best.staked().value().compareTo(minimum) < 0) {
                throw new InsufficientStake(best.wallet().value(), minimum, best.staked().value());
            }
            return best;
        });
    }

    /**
     * Queues a slash of {@code amount} from {@code wallet} in the caller's transaction. The reason (e.g.
     * {@code "contribution:<id>:rejected"}) is hashed into the on-chain reason; asking twice for the same reason
     * queues one slash. Returns the bytes32 reason hash the mirrored {@code Slashed} event will carry.
     */
    public Uni<String> requestSlash(Mutiny.Session session, String wallet, BigInteger amount, String reason) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("slash amount must be positive: " + amount);
        }
        String reasonHash = reasonHash(reason);
        Transactions.afterCommit(session, () -> Audit.record("slash.requested", Map.of("wallet", wallet,
                "amount", amount, "reason", reason, "reasonHash", reasonHash)));
        return outbox.enqueue(session, ChainOutbox.Kind.SLASH, UUID.randomUUID(), EvmAddress.normalize("wallet", wallet),
                amount, reasonHash).replaceWith(reasonHash);
    }

    /** How far the slashes with these reason hashes have got on chain, in one statement (absent: none queued). */
    public Uni<Map<String, ChainOutbox.Progress>> slashProgress(List<String> reasonHashes) {
        return outbox.progressByReference(reasonHashes);
    }

    /** The bytes32 on-chain reason for a slash reason text: keccak-256 of its UTF-8 bytes. */
    public static String reasonHash(String reason) {
        return Numeric.toHexString(Hash.sha3(reason.getBytes(StandardCharsets.UTF_8)));
    }

    private Stake fold(String wallet, List<ChainEvent> history) {
        BigInteger staked = BigInteger.ZERO;
        BigInteger unstaking = BigInteger.ZERO;
        BigInteger slashed = BigInteger.ZERO;
        Instant unlockAt = null;
        Long block = null;
        for (ChainEvent event : history) {
            block = event.at().blockNumber();
            switch (event) {
                case ChainEvent.Staked s -> staked = staked.add(s.amount());
                case ChainEvent.UnstakeRequested u -> {
                    staked = staked.subtract(u.amount());
                    unstaking = unstaking.add(u.amount());
                    unlockAt = u.unlockAt();
                }
                case ChainEvent.Withdrawn w -> {
                    unstaking = unstaking.subtract(w.amount());
                    unlockAt = unstaking.signum() == 0 ? null : unlockAt;
                }
                case ChainEvent.Slashed s -> {
                    // the contract takes from the stake first, then from what is unstaking
                    BigInteger fromStake = staked.min(s.amount());
                    staked = staked.subtract(fromStake);
                    unstaking = unstaking.subtract(s.amount().subtract(fromStake));
                    slashed = slashed.add(s.amount());
                }
                case ChainEvent.Deposited d -> throw new IllegalStateException("not a StakeManager event: " + d);
                case ChainEvent.Payout p -> throw new IllegalStateException("not a StakeManager event: " + p);
            }
        }
        boolean unlocked = unlockAt != null && !unlockAt.isAfter(Instant.now(clock));
        return new Stake(EvmAddress.of(wallet), TokenAmount.of(staked), TokenAmount.of(unstaking),
                unlockAt == null ? null : OffsetDateTime.ofInstant(unlockAt, ZoneOffset.UTC),
                unlocked ? TokenAmount.of(unstaking) : TokenAmount.ZERO, TokenAmount.of(slashed),
                block == null ? null : block.toString());
    }
}
