package io.cipherocto.market.datanet;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** Who may read a datanet's contributions (its metadata and counts are public either way). */
@Enum("DatanetPolicy")
@Description("OPEN: anyone reads the contributions. GATED: curators and granted participants or partner organisations.")
public enum DatanetPolicy {
    OPEN, GATED
}
