package io.cipherocto.market.quota;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** One row of the resale policy table. */
@Type("QuotaResalePolicyRow")
public record QuotaResalePolicyRow(@NonNull QuotaProvider provider, @NonNull ResalePolicy policy) {
}
