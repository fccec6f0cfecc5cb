package io.cipherocto.market.chain;

import io.cipherocto.market.chain.contracts.PaymentVault;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.chain.contracts.StakeManager;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/**
 * One mirrored contract event: where it happened ({@link Position}) and what it says. One record per event the
 * marketplace uses, so handlers pattern-match instead of comparing names. Every event concerns one account
 * (lower-case address) and one amount in base units.
 */
public sealed interface ChainEvent {

    /** Where an event sits: (chain, block, log index) is its key; the block hash tells which fork it was seen in. */
    record Position(long chainId, long blockNumber, int logIndex, String blockHash, String txHash) {
    }

    Position at();

    String account();

    BigInteger amount();

    /** PaymentVault: tokens deposited for {@code account}. */
    record Deposited(Position at, String account, BigInteger amount) implements ChainEvent {
    }

    /** PaymentVault: the vault paid {@code amount} to {@code account} for the bytes32 {@code reference}. */
    record Payout(Position at, String account, BigInteger amount, String reference) implements ChainEvent {
    }

    /** StakeManager: {@code amount} more staked. */
    record Staked(Position at, String account, BigInteger amount) implements ChainEvent {
    }

    /** StakeManager: {@code amount} moved from stake into the cooldown, withdrawable from {@code unlockAt}. */
    record UnstakeRequested(Position at, String account, BigInteger amount, Instant unlockAt) implements ChainEvent {
    }

    /** StakeManager: {@code amount} withdrawn after its cooldown. */
    record Withdrawn(Position at, String account, BigInteger amount) implements ChainEvent {
    }

    /** StakeManager: {@code amount} slashed to the treasury for the bytes32 {@code reasonHash}. */
    record Slashed(Position at, String account, BigInteger amount, String reasonHash) implements ChainEvent {
    }

    /** The event's name as the contract declares it and as {@code chain_event.name} stores it. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The emitting contract's name as {@code chain_event.contract} stores it. */
    default String contract() {
        return this instanceof Deposited || this instanceof Payout ? "PaymentVault" : "StakeManager";
    }

    /** The payout reference or slash reason hash ({@code chain_event.ref}); null for the others. */
    default String reference() {
        return switch (this) {
            case Payout p -> p.reference();
            case Slashed s -> s.reasonHash();
            case Deposited d -> null;
            case Staked s -> null;
            case UnstakeRequested u -> null;
            case Withdrawn w -> null;
        };
    }

    /** The event a log carries, if it is one the mirror keeps (role changes and the like are not). */
    static Optional<ChainEvent> fromLog(long chainId, Log log, Chain.Contracts contracts) {
        if (log.getTopics().isEmpty() || log.isRemoved()) {
            return Optional.empty();
        }
        String topic = log.getTopics().getFirst();
        String address = log.getAddress().toLowerCase(Locale.ROOT);
        Position at = new Position(chainId, log.getBlockNumber().longValueExact(), log.getLogIndex().intValueExact(),
                log.getBlockHash(), log.getTransactionHash());
        if (address.equals(contracts.paymentVault())) {
            if (topic.equals(Topics.DEPOSITED)) {
                var e = PaymentVault.getDepositedEventFromLog(log);
                return Optional.of(new Deposited(at, lower(e.account), e.amount));
            }
            if (topic.equals(Topics.PAYOUT)) {
                var e = PaymentVault.getPayoutEventFromLog(log);
                return Optional.of(new Payout(at, lower(e.account), e.amount, hex(e.ref)));
            }
        } else if (address.equals(contracts.stakeManager())) {
            if (topic.equals(Topics.STAKED)) {
                var e = StakeManager.getStakedEventFromLog(log);
                return Optional.of(new Staked(at, lower(e.account), e.amount));
            }
            if (topic.equals(Topics.UNSTAKE_REQUESTED)) {
                var e = StakeManager.getUnstakeRequestedEventFromLog(log);
                return Optional.of(new UnstakeRequested(at, lower(e.account), e.amount,
                        Instant.ofEpochSecond(e.unlockAt.longValueExact())));
            }
            if (topic.equals(Topics.WITHDRAWN)) {
                var e = StakeManager.getWithdrawnEventFromLog(log);
                return Optional.of(new Withdrawn(at, lower(e.account), e.amount));
            }
            if (topic.equals(Topics.SLASHED)) {
                var e = StakeManager.getSlashedEventFromLog(log);
                return Optional.of(new Slashed(at, lower(e.account), e.amount, hex(e.reasonHash)));
            }
        }
        return Optional.empty();
    }

    /**
     * An event as stored in chain_event, from the columns {@link MirroredEvents#COLUMNS} in that order (the shape
     * native queries and the Vert.x client return them).
     */
    static ChainEvent fromColumns(Object[] c) {
        Position at = new Position(((Number) c[0]).longValue(), ((Number) c[1]).longValue(), ((Number) c[2]).intValue(),
                (String) c[3], (String) c[4]);
        String name = (String) c[5];
        String account = (String) c[6];
        BigInteger amount = Rows.bigInteger(c[7]);
        String reference = (String) c[8];
        return switch (name) {
            case "Deposited" -> new Deposited(at, account, amount);
            case "Payout" -> new Payout(at, account, amount, reference);
            case "Staked" -> new Staked(at, account, amount);
            case "UnstakeRequested" -> new UnstakeRequested(at, account, amount, instant(c[9]));
            case "Withdrawn" -> new Withdrawn(at, account, amount);
            case "Slashed" -> new Slashed(at, account, amount, reference);
            default -> throw new IllegalStateException("unknown stored chain event " + name);
        };
    }

    /** {@code chain_event.unlock_at}: set for the events that have one. */
    default OffsetDateTime storedUnlockAt() {
        return this instanceof UnstakeRequested u ? OffsetDateTime.ofInstant(u.unlockAt(), ZoneOffset.UTC) : null;
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case OffsetDateTime t -> t.toInstant();
            case Instant i -> i;
            case java.sql.Timestamp t -> t.toInstant();
            default -> throw new IllegalStateException("unexpected unlock_at " + value);
        };
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    private static String hex(byte[] bytes32) {
        return org.web3j.utils.Numeric.toHexString(bytes32);
    }

    /** Topic 0 of each kept event. */
    final class Topics {
        static final String DEPOSITED = EventEncoder.encode(PaymentVault.DEPOSITED_EVENT);
        static final String PAYOUT = EventEncoder.encode(PaymentVault.PAYOUT_EVENT);
        static final String STAKED = EventEncoder.encode(StakeManager.STAKED_EVENT);
        static final String UNSTAKE_REQUESTED = EventEncoder.encode(StakeManager.UNSTAKEREQUESTED_EVENT);
        static final String WITHDRAWN = EventEncoder.encode(StakeManager.WITHDRAWN_EVENT);
        static final String SLASHED = EventEncoder.encode(StakeManager.SLASHED_EVENT);

        private Topics() {
        }
    }
}
