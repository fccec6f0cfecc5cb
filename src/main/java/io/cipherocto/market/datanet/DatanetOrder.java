package io.cipherocto.market.datanet;

import io.cipherocto.market.core.page.Keyset;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;
import org.eclipse.microprofile.graphql.Input;

/** The catalogue's sort: a field and a direction, ties broken by id. */
@Input("DatanetOrder")
@Description("Sort of the catalogue; ties are broken by id in the same direction. Default: CREATED_AT DESC.")
public record DatanetOrder(Field field, Keyset.Direction direction) {

    @Enum("DatanetOrderField")
    public enum Field {
        NAME, CREATED_AT, @Description("Number of contributions submitted.") CONTRIBUTIONS
    }
}
