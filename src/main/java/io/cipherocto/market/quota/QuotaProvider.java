package io.cipherocto.market.quota;

import org.eclipse.microprofile.graphql.Enum;

/** The AI provider whose quota a listing resells. */
@Enum("QuotaProvider")
public enum QuotaProvider {
    OPENAI, ANTHROPIC, COHERE, MISTRAL, GOOGLE, OTHER
}
