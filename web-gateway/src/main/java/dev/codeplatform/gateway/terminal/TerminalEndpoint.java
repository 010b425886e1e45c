package dev.codeplatform.gateway.terminal;

import dev.codeplatform.execution.sync.LiveEnvironments;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
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
 * The terminal socket. The upgrade is authorised before it happens: the ticket is redeemed (once), must be for this
 * session, and the session's environment must be running; a refusal is a problem over plain HTTP and no PTY is
 * touched.
 */
@RestController
class TerminalEndpoint {

    private static final int MAX_TICKET_LENGTH = 100;

    private final TerminalTickets tickets;
    private final LiveEnvironments environments;
    private final TerminalHandler handler;
    private final WebSocketService upgrades = new HandshakeWebSocketService();

    TerminalEndpoint(TerminalTickets tickets, LiveEnvironments environments, TerminalHandler handler) {
        this.tickets = tickets;
        this.environments = environments;
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
                        .orElseGet(() -> Mono.error(new Rejection(RejectionCode.SESSION_NOT_READY,
                                "The session's environment is not running"))));
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
}
