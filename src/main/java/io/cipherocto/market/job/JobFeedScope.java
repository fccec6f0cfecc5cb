package io.cipherocto.market.job;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

@Enum("JobFeedScope")
@Description("Whose job events a jobsUpdated subscription carries.")
public enum JobFeedScope {
    @Description("Your own jobs, as their consumer.") CONSUMER,
    @Description("As a registered operator: jobs you hold or just lost, and every job becoming QUEUED that your "
            + "capacity fits (the feed to claim from).") OPERATOR,
    @Description("Every job (admins).") ALL
}
