package io.cipherocto.market.staking;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** GraphQL surface of the chain mirror: stakes and the mirror's own health. Public, like the chain. */
@GraphQLApi
public class StakingApi {

    private final StakeService stakes;
    private final ChainMirror mirror;

    StakingApi(StakeService stakes, ChainMirror mirror) {
        this.stakes = stakes;
        this.mirror = mirror;
    }

    @Query
    @Description("A wallet's stake as mirrored from the chain.")
    public Uni<@NonNull Stake> stake(@NonNull @Name("wallet") String wallet) {
        return stakes.stakeOf(wallet);
    }

    @Query
    @NonNull
    @Description("Head, cursor, lag and last error of the chain mirror.")
    public ChainStatus chainStatus() {
        return mirror.status();
    }
}
