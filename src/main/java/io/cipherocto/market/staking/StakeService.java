package io.cipherocto.market.staking;

import io.cipherocto.market.core.evm.EvmAddress;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Stakes as a pure function of mirrored StakeManager events, folded in chain order: a reorg that removes
 * events changes the answer with nothing else to undo.
 */
@ApplicationScoped
public class StakeService {

    private static final String EVENTS = """
            SELECT name, amount, unlock_at, block_number FROM chain_event
             WHERE chain_id = $1 AND account = $2 AND contract = 'StakeManager'
             ORDER BY block_number, log_index""";

    private final Pool pool;
    private final Chain chain;
    private final Clock clock = Clock.systemUTC();

    StakeService(Pool pool, Chain chain) {
        this.pool = pool;
        this.chain = chain;
    }

    public Uni<Stake> stakeOf(String rawWallet) {
        String wallet = EvmAddress.normalize("wallet", rawWallet);
        return pool.preparedQuery(EVENTS).execute(Tuple.of(chain.chainId(), wallet)).map(rows -> {
            BigInteger staked = BigInteger.ZERO;
            BigInteger unstaking = BigInteger.ZERO;
            BigInteger slashed = BigInteger.ZERO;
            OffsetDateTime unlockAt = null;
            Long block = null;
            for (Row row : rows) {
                BigInteger amount = row.getNumeric("amount").bigIntegerValue();
                block = row.getLong("block_number");
                switch (row.getString("name")) {
                    case "Staked" -> staked = staked.add(amount);
                    case "UnstakeRequested" -> {
                        staked = staked.subtract(amount);
                        unstaking = unstaking.add(amount);
                        unlockAt = row.getOffsetDateTime("unlock_at");
                    }
                    case "Withdrawn" -> {
                        unstaking = unstaking.subtract(amount);
                        unlockAt = unstaking.signum() == 0 ? null : unlockAt;
                    }
                    case "Slashed" -> {
                        // the contract takes from the stake first, then from what is unstaking
                        BigInteger fromStake = staked.min(amount);
                        staked = staked.subtract(fromStake);
                        unstaking = unstaking.subtract(amount.subtract(fromStake));
                        slashed = slashed.add(amount);
                    }
                    default -> throw new IllegalStateException("unexpected StakeManager event " + row.getString("name"));
                }
            }
            boolean unlocked = unlockAt != null && !unlockAt.toInstant().isAfter(Instant.now(clock));
            return new Stake(wallet, TokenAmount.of(staked), TokenAmount.of(unstaking),
                    unlockAt == null ? null : unlockAt.withOffsetSameInstant(ZoneOffset.UTC),
                    unlocked ? TokenAmount.of(unstaking) : TokenAmount.ZERO, TokenAmount.of(slashed),
                    block == null ? null : block.toString());
        });
    }
}
