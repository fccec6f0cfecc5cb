package io.cipherocto.market.settlement;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("WithdrawalEdge")
public class WithdrawalEdge extends Edge<Withdrawal> {

    WithdrawalEdge(String cursor, Withdrawal node) {
        super(cursor, node);
    }
}
