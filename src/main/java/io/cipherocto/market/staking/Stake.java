package io.cipherocto.market.staking;

import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.core.scalar.TokenAmount;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Stake")
@Description("A wallet's stake as mirrored from the StakeManager contract's events (after confirmations).")
public record Stake(
        @NonNull EvmAddress wallet,
        @NonNull @Description("Bonded now; counts towards minimum stakes; slashable.") TokenAmount staked,
        @NonNull @Description("Requested out, waiting for the cooldown; still slashable.") TokenAmount unstaking,
        @Description("When the unstaking amount can be withdrawn.") OffsetDateTime unlockAt,
        @NonNull @Description("Unstaked and past the cooldown: withdrawable from the contract now.") TokenAmount available,
        @NonNull @Description("Taken by slashes, in total.") TokenAmount slashed,
        @Description("Block of the last event applied (decimal string).") String asOfBlock) {
}
