package io.cipherocto.market.job;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

@Enum("JobRole")
@Description("Which side of jobs: those you submitted, or those you hold as their operator.")
public enum JobRole {
    CONSUMER, OPERATOR
}
