package io.cipherocto.market.core.error;

/**
 * A documented {@code extensions.reason}: which of a code's cases happened. Each feature declares its reasons as
 * an enum implementing this, next to the exception that carries them; frontend-schema/ERRORS.md lists every one
 * under its code, and a test checks the two agree.
 */
public interface Reason {

    /** The code this reason refines. */
    ErrorCode code();

    /** The text sent as {@code extensions.reason}. */
    String name();
}
