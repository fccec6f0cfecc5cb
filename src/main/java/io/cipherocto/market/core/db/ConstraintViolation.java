package io.cipherocto.market.core.db;

import io.vertx.pgclient.PgException;
import java.util.Optional;

/**
 * Which database constraint a failure violated, whichever client raised it: the Vert.x client's
 * {@link PgException} or Hibernate's {@link org.hibernate.exception.ConstraintViolationException} around it.
 */
public final class ConstraintViolation {

    private ConstraintViolation() {
    }

    /** The violated constraint's name, if {@code failure} (or one of its causes) is a constraint violation. */
    public static Optional<String> nameOf(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PgException pg && pg.getConstraint() != null) {
                return Optional.of(pg.getConstraint());
            }
            if (c instanceof org.hibernate.exception.ConstraintViolationException h && h.getConstraintName() != null) {
                return Optional.of(h.getConstraintName());
            }
        }
        return Optional.empty();
    }

    /** The SQLSTATE class-23 code (e.g. 23505 unique violation), if the failure carries one. */
    public static Optional<String> sqlStateOf(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PgException pg && pg.getSqlState() != null) {
                return Optional.of(pg.getSqlState());
            }
            if (c instanceof java.sql.SQLException s && s.getSQLState() != null) {
                return Optional.of(s.getSQLState());
            }
        }
        return Optional.empty();
    }
}
