package dev.codeplatform.gateway.terminal;

import dev.codeplatform.execution.ExecutionBackend;
import dev.codeplatform.execution.sync.LiveEnvironment;
import dev.codeplatform.schema.ids.SessionId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The shells of running sessions, one per session, shared by every viewer: a page reload reattaches to the same
 * shell. A shell that exits is forgotten, and the next viewer gets a new one.
 */
@Component
class TerminalHub implements DisposableBean {

    private final ExecutionBackend backend;
    private final Map<SessionId, SharedTerminal> terminals = new ConcurrentHashMap<>();

    TerminalHub(ExecutionBackend backend) {
        this.backend = backend;
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
