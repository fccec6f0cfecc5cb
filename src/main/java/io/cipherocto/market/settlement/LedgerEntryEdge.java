package io.cipherocto.market.settlement;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("LedgerEntryEdge")
public class LedgerEntryEdge extends Edge<LedgerEntry> {

    LedgerEntryEdge(String cursor, LedgerEntry node) {
        super(cursor, node);
    }
}
