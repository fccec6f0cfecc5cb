package io.cipherocto.market.chain;

import io.cipherocto.market.core.scalar.EvmAddress;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("ChainStatus")
@Description("How far the server's mirror of the chain has got, and whether the node answers.")
public record ChainStatus(
        @NonNull State state,
        @NonNull @Description("Decimal string: chain ids exceed what a JSON number keeps exactly in some clients.")
        String chainId,
        @Description("Latest block the node reported (decimal string).") String head,
        @Description("Last block whose events are ingested (decimal string).") String cursor,
        @Description("head - cursor, in blocks.") Integer lag,
        @NonNull Integer confirmations,
        @Description("The last failure talking to the node, cleared by the next success.") ChainError lastError,
        OffsetDateTime lastSyncedAt,
        EvmAddress tokenAddress,
        EvmAddress stakeManagerAddress,
        EvmAddress paymentVaultAddress) {

    @Enum("ChainState")
    public enum State {
        /** No chain configured (octo.chain.rpc-url unset). */
        DISABLED,
        /** Within confirmations + one poll of the head. */
        SYNCED,
        /** Catching up. */
        SYNCING,
        /** The node does not answer; mirrored data is served as of lastSyncedAt, payouts wait in the outbox. */
        DEGRADED
    }
}
