package dev.codeplatform.execution.saga;

import dev.codeplatform.execution.ExecutionBackend;
import dev.codeplatform.execution.sync.LiveEnvironments;
import dev.codeplatform.schema.session.SessionCommands.RecordEnvironmentStopped;
import dev.codeplatform.schema.session.SessionQueries.ListLiveSessions;
import dev.codeplatform.schema.session.SessionQueries.SessionView;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up reconciliation after a crash: environments the backend still runs but no session of this process owns
 * are stopped, and sessions that should have an environment but have none are marked stopped with a reason.
 */
public class EnvironmentReconciliation {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentReconciliation.class);

    private final ExecutionBackend backend;
    private final LiveEnvironments environments;
    private final CommandGateway commands;
    private final QueryGateway queries;

    public EnvironmentReconciliation(ExecutionBackend backend, LiveEnvironments environments, CommandGateway commands,
                                     QueryGateway queries) {
        this.backend = backend;
        this.environments = environments;
        this.commands = commands;
        this.queries = queries;
    }

    public void reconcile() {
        for (String leftover : backend.listRunning()) {
            log.info("Stopping environment {} left over from a previous run", leftover);
            backend.stop(leftover);
        }
        List<SessionView> live = queries.query(new ListLiveSessions(),
                ResponseTypes.multipleInstancesOf(SessionView.class)).join();
        for (SessionView session : live) {
            if (environments.find(session.sessionId()).isEmpty()) {
                commands.send(new RecordEnvironmentStopped(session.sessionId(),
                        "The platform restarted and the environment is gone; open a new session"));
            }
        }
        if (!live.isEmpty()) {
            log.info("Reconciled {} session(s) whose environment did not survive a restart", live.size());
        }
    }
}
