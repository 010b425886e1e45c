package dev.codeplatform.query;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The projections' transactions, committed without waiting for PostgreSQL to flush them to disk
 * ({@code synchronous_commit} off, for these transactions only). A read model and its processor's token commit
 * together, so a crash that loses the last of them loses both, and the processor projects those events again from
 * the event store, whose own commits stay durable. Each write used to pay a disk flush per processor (the workspace
 * projection's, and the token updates of the processors that skip the event) on top of its own.
 */
final class ProjectionTransactionManager implements TransactionManager {

    private final TransactionManager delegate;
    private final JdbcTemplate jdbc;

    ProjectionTransactionManager(TransactionManager delegate, JdbcTemplate jdbc) {
        this.delegate = delegate;
        this.jdbc = jdbc;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        try {
            // LOCAL: ends with this transaction; the pooled connection goes back as it came
            jdbc.execute("set local synchronous_commit to off");
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}
