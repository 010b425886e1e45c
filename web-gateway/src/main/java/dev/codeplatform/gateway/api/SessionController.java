package dev.codeplatform.gateway.api;

import dev.codeplatform.gateway.infrastructure.StreamsShutdown;
import dev.codeplatform.gateway.terminal.TerminalTickets;
import dev.codeplatform.query.versions.ProjectedVersions;
import dev.codeplatform.query.versions.ReadModel;
import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import dev.codeplatform.schema.session.SessionCommands.CloseSession;
import dev.codeplatform.schema.session.SessionQueries.GetSession;
import dev.codeplatform.schema.session.SessionQueries.SessionView;
import dev.codeplatform.schema.session.SessionQueries.Status;
import dev.codeplatform.schema.workspace.WorkspaceCommands.OpenSession;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Sessions: open one on a workspace (which starts its environment), follow its status, close it, get a ticket. */
@RestController
class SessionController {

    record Opened(SessionId sessionId, String status) {
    }

    record SessionStatus(SessionId sessionId, String workspaceId, String status, String step, String reason,
                         long version) {

        static SessionStatus of(SessionView view) {
            return new SessionStatus(view.sessionId(), view.workspaceId().toString(),
                    view.status().name().toLowerCase(Locale.ROOT), view.step(), view.reason(), view.version());
        }
    }

    record TicketRequest(String mode) {
    }

    record Ticket(String ticket, boolean mayType) {
    }

    private final Messaging messaging;
    private final ProjectedVersions versions;
    private final TerminalTickets tickets;
    private final StreamsShutdown shutdown;

    SessionController(Messaging messaging, ProjectedVersions versions, TerminalTickets tickets,
                      StreamsShutdown shutdown) {
        this.messaging = messaging;
        this.versions = versions;
        this.tickets = tickets;
        this.shutdown = shutdown;
    }

    /** Answers once the session is readable; its environment starts in the background. */
    @PostMapping("/api/workspaces/{workspaceId}/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Opened> open(@AuthenticationPrincipal Jwt token, @PathVariable String workspaceId) {
        SessionId session = SessionId.random();
        return messaging.send(new OpenSession(Ids.workspace(workspaceId), CurrentUser.of(token), session))
                .then(versions.awaitVersion(ReadModel.SESSION, session.value(), 1))
                .thenReturn(new Opened(session, "starting"));
    }

    @GetMapping("/api/sessions/{sessionId}")
    Mono<SessionStatus> get(@AuthenticationPrincipal Jwt token, @PathVariable String sessionId,
                            @RequestParam(defaultValue = "0") long minVersion) {
        return view(CurrentUser.of(token), Ids.session(sessionId), minVersion).map(SessionStatus::of);
    }

    /** The session's status as server-sent events, from now until it is stopped or failed, or the platform stops. */
    @GetMapping(path = "/api/sessions/{sessionId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<SessionStatus>> events(@AuthenticationPrincipal Jwt token, @PathVariable String sessionId) {
        UserId user = CurrentUser.of(token);
        SessionId session = Ids.session(sessionId);
        return view(user, session, 0).flatMapMany(first -> Flux.concat(Mono.just(first),
                        versions.changes(session.value()).concatMap(tick -> view(user, session, 0))))
                .distinctUntilChanged(SessionView::version)
                .takeUntil(view -> view.status() == Status.STOPPED || view.status() == Status.FAILED)
                .takeUntilOther(shutdown.stopping().thenReturn(true))
                .map(view -> ServerSentEvent.builder(SessionStatus.of(view)).event("status")
                        .id(Long.toString(view.version())).build());
    }

    @DeleteMapping("/api/sessions/{sessionId}")
    Mono<SessionStatus> close(@AuthenticationPrincipal Jwt token, @PathVariable String sessionId) {
        UserId user = CurrentUser.of(token);
        SessionId session = Ids.session(sessionId);
        return view(user, session, 0)
                .then(messaging.<Long>send(new CloseSession(session, Actor.user(user), "closed by its owner")))
                .flatMap(version -> view(user, session, version))
                .map(SessionStatus::of);
    }

    /** A single-use ticket for the terminal socket, valid 30 s; {@code {"mode":"watch"}} asks for a watch-only one. */
    @PostMapping("/api/sessions/{sessionId}/terminal-ticket")
    Mono<Ticket> ticket(@AuthenticationPrincipal Jwt token, @PathVariable String sessionId,
                        @RequestBody(required = false) TicketRequest request) {
        UserId user = CurrentUser.of(token);
        SessionId session = Ids.session(sessionId);
        String mode = request == null || request.mode() == null ? "type" : request.mode();
        if (!mode.equals("type") && !mode.equals("watch")) {
            return Mono.error(new Rejection(RejectionCode.INVALID_ARGUMENT, "mode must be \"type\" or \"watch\""));
        }
        boolean mayType = mode.equals("type");
        return view(user, session, 0)
                .filter(view -> view.status() == Status.READY || view.status() == Status.STARTING)
                .switchIfEmpty(Mono.error(() -> new Rejection(RejectionCode.SESSION_CLOSED,
                        "The session is stopped; open a new one")))
                .then(tickets.issue(user, session, mayType))
                .map(ticket -> new Ticket(ticket, mayType));
    }

    private Mono<SessionView> view(UserId user, SessionId session, long minVersion) {
        return messaging.query(new GetSession(session, user, minVersion), SessionView.class);
    }
}
