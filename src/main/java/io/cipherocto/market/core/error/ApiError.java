package io.cipherocto.market.core.error;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.language.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A GraphQL error as the client sees it: a message and {@code extensions.code} plus details. */
record ApiError(String message, List<SourceLocation> locations, List<Object> path, ErrorCode code,
        Map<String, Object> details) implements GraphQLError {

    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public List<SourceLocation> getLocations() {
        return locations;
    }

    @Override
    public List<Object> getPath() {
        return path;
    }

    @Override
    public ErrorClassification getErrorType() {
        return ErrorClassification.errorClassification(code.name());
    }

    @Override
    public Map<String, Object> getExtensions() {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code.name());
        extensions.putAll(details);
        return extensions;
    }
}
