package io.cipherocto.market.model;

import io.cipherocto.market.core.scalar.TokenAmount;
import org.eclipse.microprofile.graphql.Input;

/** Bounds on a price, both inclusive; an absent bound is open. */
@Input("PriceRange")
public record PriceRange(TokenAmount min, TokenAmount max) {
}
