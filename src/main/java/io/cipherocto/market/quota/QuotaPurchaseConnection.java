package io.cipherocto.market.quota;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

@Type("QuotaPurchaseConnection")
public class QuotaPurchaseConnection extends Connection<QuotaPurchase, QuotaPurchaseEdge> {

    QuotaPurchaseConnection(Page<QuotaPurchase> page) {
        super(page, QuotaPurchaseEdge::new);
    }
}
