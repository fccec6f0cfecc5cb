package io.cipherocto.market.chain;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** GraphQL surface of the chain layer itself: the mirror's health. Public, like the chain. */
@GraphQLApi
public class ChainApi {

    private final ChainMirror mirror;

    ChainApi(ChainMirror mirror) {
        this.mirror = mirror;
    }

    @Query
    @NonNull
    @Description("Head, cursor, lag and last error of the chain mirror.")
    public ChainStatus chainStatus() {
        return mirror.status();
    }
}
