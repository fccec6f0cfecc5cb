package io.cipherocto.market.model;

import io.cipherocto.market.core.page.Keyset;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;
import org.eclipse.microprofile.graphql.Input;

/** The model catalogue's sort: a field and a direction, ties broken by id. */
@Input("ModelOrder")
@Description("Sort of the model catalogue; ties are broken by id in the same direction. Default: CREATED_AT DESC.")
public record ModelOrder(Field field, Keyset.Direction direction) {

    @Enum("ModelOrderField")
    public enum Field {
        NAME, @Description("Price per inference (exact, base units).") PRICE, CREATED_AT
    }
}
