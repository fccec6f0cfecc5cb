package io.cipherocto.market.staking;

import io.cipherocto.market.core.scalar.EvmAddress;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** GraphQL surface of staking: stakes as mirrored from the chain. Public, like the chain. */
@GraphQLApi
public class StakingApi {

    private final StakeService stakes;

    StakingApi(StakeService stakes) {
        this.stakes = stakes;
    }

    @Query
    @Description("A wallet's stake as mirrored from the chain.")
    public Uni<@NonNull Stake> stake(@NonNull @Name("wallet") EvmAddress wallet) {
        return stakes.stakeOf(wallet);
    }
}
