package io.cipherocto.market.job;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

@Enum("JobKind")
@Description("What a compute job does.")
public enum JobKind {
    @Description("Train a model on datanets (datanetIds required).") TRAINING,
    @Description("Fine-tune a model on datanets (modelId and datanetIds required).") FINE_TUNE,
    @Description("Run a model (modelId required).") INFERENCE
}
