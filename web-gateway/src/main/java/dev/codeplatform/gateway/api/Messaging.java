package dev.codeplatform.gateway.api;

import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import dev.codeplatform.schema.session.SessionCommands;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's one way to the command and query buses. Command handlers run JDBC transactions on the caller's
 * thread, so commands go to a bounded pool and never block a Netty event loop; queries are handled reactively.
 * Failures come back as the domain's {@link Rejection} when there is one, unwrapped from Axon's envelopes.
 */
@Component
public class Messaging implements DisposableBean {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Scheduler commandThreads;

    Messaging(CommandGateway commands, QueryGateway queries,
              @Value("${platform.commands.threads:16}") int threads,
              @Value("${platform.commands.queue:10000}") int queue) {
        this.commands = commands;
        this.queries = queries;
        this.commandThreads = Schedulers.newBoundedElastic(threads, queue, "commands");
    }

    public <R> Mono<R> send(Object command) {
        return Mono.<R>fromCallable(() -> commands.sendAndWait(command))
                .subscribeOn(commandThreads)
                .onErrorMap(error -> notFound(command, unwrap(error)));
    }

    /** A command for an aggregate that does not exist names an unknown id: the same answer as a query gives. */
    private static Throwable notFound(Object command, Throwable error) {
        if (!(error instanceof AggregateNotFoundException)) {
            return error;
        }
        return command.getClass().getEnclosingClass() == SessionCommands.class
                ? new Rejection(RejectionCode.SESSION_NOT_FOUND, "No such session")
                : new Rejection(RejectionCode.WORKSPACE_NOT_FOUND, "No such workspace");
    }

    /** Runs blocking work that is not a command (password hashing) on the same bounded pool. */
    public <R> Mono<R> blocking(java.util.concurrent.Callable<R> work) {
        return Mono.fromCallable(work).subscribeOn(commandThreads);
    }

    public <R> Mono<R> query(Object query, Class<R> type) {
        return Mono.fromFuture(() -> queries.query(query, type)).onErrorMap(Messaging::unwrap);
    }

    public <R> Mono<R> query(Object query, ResponseType<R> type) {
        return Mono.fromFuture(() -> queries.query(query, type)).onErrorMap(Messaging::unwrap);
    }

    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CommandExecutionException || current instanceof QueryExecutionException
                || current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    @Override
    public void destroy() {
        commandThreads.dispose();
    }
}
