package io.cipherocto.market.core.error;

/** The closed set of values of {@code extensions.code}; documented in frontend-schema/ERRORS.md. */
public enum ErrorCode {
    /** No valid bearer token where one is needed, or a token that is expired, forged or for another audience. */
    UNAUTHENTICATED,
    /** The caller is known but its roles or partner tier do not allow this. */
    FORBIDDEN,
    /** The addressed object does not exist (or is not visible to the caller). */
    NOT_FOUND,
    /** An argument is malformed or out of range; {@code extensions.field} names it. */
    VALIDATION,
    /** The request is well-formed but clashes with the current state (duplicate, already used, wrong state). */
    CONFLICT,
    /** The caller's on-chain stake is below what the action requires. */
    INSUFFICIENT_STAKE,
    /** The caller's available ledger balance is below what the action requires. */
    INSUFFICIENT_FUNDS,
    /** The caller has used up its request budget for now. */
    RATE_LIMITED,
    /** The document is too deep, too complex or too long; refused before any resolver ran. */
    QUERY_TOO_COMPLEX,
    /** The document is not valid GraphQL for this schema (syntax error, unknown field, wrong argument type). */
    BAD_REQUEST,
    /** A dependency the call needs right now (the chain node) is unreachable or not configured; retry later. */
    UNAVAILABLE,
    /** A fault on the server's side; the message carries only an error id to quote to operators. */
    INTERNAL
}
