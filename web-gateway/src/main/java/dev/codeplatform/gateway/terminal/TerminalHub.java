package dev.codeplatform.gateway.terminal;

import dev.codeplatform.execution.ExecutionBackend;
import dev.codeplatform.execution.sync.LiveEnvironment;
import dev.codeplatform.execution.sync.LiveEnvironments;
import dev.codeplatform.schema.ids.SessionId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Schedulers;

/**
 * The shells of running sessions, one per session, shared by every viewer: a page reload reattaches to the same
 * shell. A shell that exits is forgotten, and the next viewer gets a new one.
 */
@Component
class TerminalHub implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TerminalHub.class);

    private final ExecutionBackend backend;
    private final Map<SessionId, SharedTerminal> terminals = new ConcurrentHashMap<>();

    TerminalHub(ExecutionBackend backend, LiveEnvironments environments) {
        this.backend = backend;
        // The shell starts as soon as the environment runs, so its prompt is waiting when the user connects.
        environments.onRegistered(environment -> Schedulers.boundedElastic().schedule(() -> {
            try {
                open(environment);
            } catch (RuntimeException e) {
                log.warn("Could not start the shell of session {} early; it starts when a viewer connects",
                        environment.sessionId(), e);
            }
        }));
    }

    /** Blocking: may start a shell. */
    SharedTerminal open(LiveEnvironment environment) {
        SessionId session = environment.sessionId();
        return terminals.computeIfAbsent(session, id -> {
            SharedTerminal[] created = new SharedTerminal[1];
            created[0] = new SharedTerminal(backend.openTerminal(environment.environmentId(), 80, 24), environment,
                    () -> terminals.remove(id, created[0]));
            return created[0];
        });
    }

    @Override
    public void destroy() {
        terminals.values().forEach(SharedTerminal::close);
        terminals.clear();
    }
}
