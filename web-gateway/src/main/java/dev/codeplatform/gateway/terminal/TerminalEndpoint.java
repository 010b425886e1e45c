package dev.codeplatform.gateway.terminal;

import dev.codeplatform.execution.sync.LiveEnvironments;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import dev.codeplatform.schema.session.SessionQueries.SessionView;
import java.util.Locale;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * The terminal socket. The upgrade is authorised before it happens: the ticket is redeemed (once) and must be for
 * this session, and the session must be running or starting; a refusal is a problem over plain HTTP and no PTY is
 * touched. A client may connect while the session starts: it gets status {@code starting}, then {@code ready} and
 * the shell as soon as the environment runs (what it typed meanwhile is delivered then), or the status the session
 * ended with.
 */
@RestController
class TerminalEndpoint {

    private static final int MAX_TICKET_LENGTH = 100;

    private final TerminalTickets tickets;
    private final LiveEnvironments environments;
    private final StartingSessions startingSessions;
    private final TerminalHandler handler;
    private final WebSocketService upgrades = new HandshakeWebSocketService();

    TerminalEndpoint(TerminalTickets tickets, LiveEnvironments environments, StartingSessions startingSessions,
                     TerminalHandler handler) {
        this.tickets = tickets;
        this.environments = environments;
        this.startingSessions = startingSessions;
        this.handler = handler;
    }

    @GetMapping("/api/terminal/ws/{sessionId}")
    Mono<Void> connect(ServerWebExchange exchange, @PathVariable String sessionId,
                       @RequestParam(required = false) String ticket) {
        SessionId session;
        try {
            session = SessionId.parse(sessionId);
        } catch (IllegalArgumentException e) {
            return Mono.error(new Rejection(RejectionCode.SESSION_NOT_FOUND, "No session " + sessionId));
        }
        if (ticket == null || ticket.isBlank() || ticket.length() > MAX_TICKET_LENGTH) {
            return Mono.error(new Rejection(RejectionCode.INVALID_TICKET,
                    "A terminal ticket is required (POST /api/sessions/{id}/terminal-ticket)"));
        }
        return tickets.redeem(ticket, session)
                .switchIfEmpty(Mono.error(() -> new Rejection(RejectionCode.INVALID_TICKET,
                        "The terminal ticket is unknown, used, expired or for another session")))
                .flatMap(redeemed -> environments.find(session)
                        .map(environment -> upgrade(exchange,
                                socket -> handler.handle(socket, environment, redeemed.mayType())))
                        .orElseGet(() -> startingSessions.view(redeemed)
                                .flatMap(view -> connectWithoutEnvironment(exchange, redeemed, view))));
    }

    /**
     * Upgrades on the connection's own event loop. What is checked before the upgrade answers on other threads
     * (database, query bus), and an upgrade made from another thread races with the client's first frames: a frame
     * sent right after the handshake was now and then dropped before the socket's inbound side was bound.
     */
    private Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler) {
        Mono<Void> upgrade = upgrades.handleRequest(exchange, handler);
        Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        return request instanceof Connection connection
                ? upgrade.subscribeOn(Schedulers.fromExecutor(connection.channel().eventLoop()))
                : upgrade;
    }

    private Mono<Void> connectWithoutEnvironment(ServerWebExchange exchange, TerminalTickets.Redeemed redeemed,
                                                 SessionView view) {
        return switch (view.status()) {
            case STARTING -> upgrade(exchange, socket -> handler.handleStarting(socket,
                    redeemed.session(), startingSessions.await(redeemed), redeemed.mayType()));
            // Ready, yet not running here: it is stopping, or runs on another node.
            case READY -> Mono.error(new Rejection(RejectionCode.SESSION_NOT_READY,
                    "The session's environment is not running"));
            case FAILED, STOPPED -> Mono.error(new Rejection(RejectionCode.SESSION_CLOSED,
                    "The session is " + view.status().name().toLowerCase(Locale.ROOT)
                            + (view.reason() == null ? "" : " (" + view.reason() + ")") + "; open a new one"));
        };
    }
}
