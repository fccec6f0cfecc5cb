package io.cipherocto.market.quota;

import io.cipherocto.market.core.page.Keyset;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;
import org.eclipse.microprofile.graphql.Input;

/** The sort of quota listings: a field and a direction, ties broken by id. */
@Input("QuotaListingOrder")
@Description("Sort of quota listings; ties are broken by id in the same direction. Default: CREATED_AT DESC.")
public record QuotaListingOrder(Field field, Keyset.Direction direction) {

    @Enum("QuotaListingOrderField")
    public enum Field {
        PRICE, EXPIRES_AT, CREATED_AT
    }
}
