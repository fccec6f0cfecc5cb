package io.cipherocto.market.job;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("JobLogLine")
@Description("A line the operator logged; numbered from 1 in the order received.")
public record JobLogLine(@NonNull int n, @NonNull OffsetDateTime at, @NonNull String line) {
}
