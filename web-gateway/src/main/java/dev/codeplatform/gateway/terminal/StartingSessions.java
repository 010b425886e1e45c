package dev.codeplatform.gateway.terminal;

import dev.codeplatform.execution.saga.EnvironmentSettings;
import dev.codeplatform.execution.sync.LiveEnvironment;
import dev.codeplatform.execution.sync.LiveEnvironments;
import dev.codeplatform.gateway.api.Messaging;
import dev.codeplatform.query.versions.ProjectedVersions;
import dev.codeplatform.schema.session.SessionQueries.GetSession;
import dev.codeplatform.schema.session.SessionQueries.SessionView;
import dev.codeplatform.schema.session.SessionQueries.Status;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sessions a terminal connects to before their environment runs: their status as the ticket's user sees it, and the
 * wait until the environment runs on this node or the session ends. Nothing of a wait stays behind once it is
 * cancelled (the client left): the registration wait is removed and the status subscription disposed.
 */
@Component
class StartingSessions {

    /** How the wait ended: the environment runs, or the session will not get one (the frame tells the client why). */
    sealed interface Outcome {
    }

    record Running(LiveEnvironment environment) implements Outcome {
    }

    record Ended(byte[] lastFrame) implements Outcome {
    }

    /** Beyond the longest start, so the session's own verdict (failed) arrives before this wait gives up. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private final Messaging messaging;
    private final ProjectedVersions versions;
    private final LiveEnvironments environments;
    private final Duration maxWait;

    StartingSessions(Messaging messaging, ProjectedVersions versions, LiveEnvironments environments,
                     EnvironmentSettings settings) {
        this.messaging = messaging;
        this.versions = versions;
        this.environments = environments;
        this.maxWait = settings.longestStart().plus(MARGIN);
    }

    Mono<SessionView> view(TerminalTickets.Redeemed ticket) {
        return messaging.query(new GetSession(ticket.session(), ticket.user(), 0), SessionView.class);
    }

    /** Waits for the environment of a session that was starting, or for the session to fail or stop. */
    Mono<Outcome> await(TerminalTickets.Redeemed ticket) {
        Mono<Outcome> running = Mono.fromFuture(() -> environments.awaitRegistration(ticket.session()))
                .map(Running::new);
        // The first look is immediate: the session may have ended since the caller saw it starting.
        Mono<Outcome> ended = Flux.concat(Mono.just(0L), versions.changes(ticket.session().value()))
                .concatMap(change -> view(ticket))
                .filter(view -> view.status() == Status.FAILED || view.status() == Status.STOPPED)
                .next()
                .map(view -> new Ended(Frames.status(view.status().name().toLowerCase(Locale.ROOT), view.reason())));
        return Mono.firstWithValue(running, ended)
                .timeout(maxWait, Mono.fromSupplier(() -> new Ended(Frames.error(
                        "The environment did not start within " + maxWait.toSeconds() + " s"))));
    }
}
