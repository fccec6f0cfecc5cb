package io.cipherocto.market.staking;

import io.cipherocto.market.staking.contracts.PaymentVault;
import io.cipherocto.market.staking.contracts.StakeManager;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;

/**
 * One contract event as mirrored: its position (chain, block, log index), the block hash it was seen in, and
 * the fields the marketplace uses. {@code ref} is the payout ref or the slash reason hash.
 */
public record ChainEvent(long chainId, long blockNumber, int logIndex, String blockHash, String txHash,
        String contract, String name, String account, BigInteger amount, String ref, Instant unlockAt) {

    private static final String DEPOSITED = EventEncoder.encode(PaymentVault.DEPOSITED_EVENT);
    private static final String PAYOUT = EventEncoder.encode(PaymentVault.PAYOUT_EVENT);
    private static final String STAKED = EventEncoder.encode(StakeManager.STAKED_EVENT);
    private static final String UNSTAKE_REQUESTED = EventEncoder.encode(StakeManager.UNSTAKEREQUESTED_EVENT);
    private static final String WITHDRAWN = EventEncoder.encode(StakeManager.WITHDRAWN_EVENT);
    private static final String SLASHED = EventEncoder.encode(StakeManager.SLASHED_EVENT);

    /** The event a log carries, if it is one the mirror keeps (role changes and the like are not). */
    static Optional<ChainEvent> from(long chainId, Log log, Chain.Contracts contracts) {
        if (log.getTopics().isEmpty() || log.isRemoved()) {
            return Optional.empty();
        }
        String topic = log.getTopics().getFirst();
        String address = log.getAddress().toLowerCase(Locale.ROOT);
        if (address.equals(contracts.paymentVault())) {
            if (topic.equals(DEPOSITED)) {
                var e = PaymentVault.getDepositedEventFromLog(log);
                return Optional.of(of(chainId, log, "PaymentVault", "Deposited", e.account, e.amount, null, null));
            }
            if (topic.equals(PAYOUT)) {
                var e = PaymentVault.getPayoutEventFromLog(log);
                return Optional.of(of(chainId, log, "PaymentVault", "Payout", e.account, e.amount, hex(e.ref), null));
            }
        } else if (address.equals(contracts.stakeManager())) {
            if (topic.equals(STAKED)) {
                var e = StakeManager.getStakedEventFromLog(log);
                return Optional.of(of(chainId, log, "StakeManager", "Staked", e.account, e.amount, null, null));
            }
            if (topic.equals(UNSTAKE_REQUESTED)) {
                var e = StakeManager.getUnstakeRequestedEventFromLog(log);
                return Optional.of(of(chainId, log, "StakeManager", "UnstakeRequested", e.account, e.amount, null,
                        Instant.ofEpochSecond(e.unlockAt.longValueExact())));
            }
            if (topic.equals(WITHDRAWN)) {
                var e = StakeManager.getWithdrawnEventFromLog(log);
                return Optional.of(of(chainId, log, "StakeManager", "Withdrawn", e.account, e.amount, null, null));
            }
            if (topic.equals(SLASHED)) {
                var e = StakeManager.getSlashedEventFromLog(log);
                return Optional.of(of(chainId, log, "StakeManager", "Slashed", e.account, e.amount,
                        hex(e.reasonHash), null));
            }
        }
        return Optional.empty();
    }

    /** An event as stored in chain_event. */
    public static ChainEvent of(Row r) {
        Numeric amount = r.getNumeric("amount");
        OffsetDateTime unlock = r.getOffsetDateTime("unlock_at");
        return new ChainEvent(r.getLong("chain_id"), r.getLong("block_number"), r.getInteger("log_index"),
                r.getString("block_hash"), r.getString("tx_hash"), r.getString("contract"), r.getString("name"),
                r.getString("account"), amount == null ? null : amount.bigIntegerValue(), r.getString("ref"),
                unlock == null ? null : unlock.toInstant());
    }

    private static ChainEvent of(long chainId, Log log, String contract, String name, String account,
            BigInteger amount, String ref, Instant unlockAt) {
        return new ChainEvent(chainId, log.getBlockNumber().longValueExact(), log.getLogIndex().intValueExact(),
                log.getBlockHash(), log.getTransactionHash(), contract, name, account.toLowerCase(Locale.ROOT),
                amount, ref, unlockAt);
    }

    private static String hex(byte[] bytes32) {
        return org.web3j.utils.Numeric.toHexString(bytes32);
    }
}
