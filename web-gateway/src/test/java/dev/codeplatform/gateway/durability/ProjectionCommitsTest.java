package dev.codeplatform.gateway.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeplatform.gateway.SessionsTestSupport;
import dev.codeplatform.query.account.AccountProjection;
import dev.codeplatform.query.session.SessionProjection;
import dev.codeplatform.query.workspace.WorkspaceProjection;
import java.util.List;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The projections commit without waiting for the disk (their read model and token are lost or kept together, and
 * replayed from the event store), and only they: the connection goes back to the pool as durable as it came, for
 * the commands' own commits.
 */
class ProjectionCommitsTest extends SessionsTestSupport {

    @Autowired
    private EventProcessingConfiguration processing;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void projection_transactions_do_not_wait_for_the_flush_and_leave_the_connections_durable() {
        for (String group : List.of(AccountProjection.GROUP, WorkspaceProjection.GROUP, SessionProjection.GROUP)) {
            TransactionManager transactions = processing.transactionManager(group);
            Transaction transaction = transactions.startTransaction();
            try {
                assertThat(synchronousCommit()).as("inside a transaction of " + group).isEqualTo("off");
            } finally {
                transaction.commit();
            }
        }
        for (int i = 0; i < 20; i++) { // every connection of the pool is checked out at some point
            assertThat(synchronousCommit()).as("outside the projections").isEqualTo("on");
        }
    }

    private String synchronousCommit() {
        return jdbc.queryForObject("show synchronous_commit", String.class);
    }
}
