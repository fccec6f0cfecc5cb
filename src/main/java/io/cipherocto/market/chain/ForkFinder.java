package io.cipherocto.market.chain;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.web3j.protocol.core.DefaultBlockParameterNumber;
import org.web3j.protocol.core.methods.response.EthBlock;

/**
 * Where the stored history and the node's canonical chain part ways. Reads stored block hashes and asks the
 * node; changes nothing (the mirror rolls back). Blocking: called from the mirror's thread.
 */
@ApplicationScoped
class ForkFinder {

    private static final Duration DB_WAIT = Duration.ofSeconds(30);

    /** A block the mirror has stored, with the hash it saw. */
    record Block(long number, String hash) {
    }

    private final Chain chain;
    private final Pool pool;

    ForkFinder(Chain chain, Pool pool) {
        this.chain = chain;
        this.pool = pool;
    }

    /** The node's hash of {@code block} now ("" when the node has no such block). */
    String canonicalHash(long block) throws IOException {
        EthBlock.Block b = chain.web3j().ethGetBlockByNumber(new DefaultBlockParameterNumber(block), false).send()
                .getBlock();
        return b == null ? "" : b.getHash();
    }

    boolean isCanonical(Block block) throws IOException {
        return block.hash().equals(canonicalHash(block.number()));
    }

    /** The newest stored block at or below {@code stale} that is still canonical; empty if none is. */
    Optional<Block> forkPoint(Block stale) throws IOException {
        var stored = pool.preparedQuery("""
                        SELECT block_number, block_hash FROM chain_block
                         WHERE chain_id = $1 AND block_number <= $2 ORDER BY block_number DESC""")
                .execute(Tuple.of(chain.chainId(), stale.number())).await().atMost(DB_WAIT);
        for (Row row : stored) {
            Block b = new Block(row.getLong("block_number"), row.getString("block_hash"));
            if (isCanonical(b)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
