package dev.codeplatform.command.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.codeplatform.schema.account.AccountCommands.RegisterAccount;
import dev.codeplatform.schema.account.AccountEvent.AccountRegistered;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.rejection.Rejection;
import dev.codeplatform.schema.rejection.RejectionCode;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A user account. Password rules and hashing happen in the gateway: this only ever sees the hash. */
@Aggregate
class Account {

    @AggregateIdentifier
    private UserId userId;
    private String username;
    private int reviewerLevel;

    Account() {
    }

    @CommandHandler
    Account(RegisterAccount command, UsernameClaims claims) {
        String username = UsernamePolicy.require(command.username());
        if (command.passwordHash() == null || command.passwordHash().isBlank()) {
            throw new IllegalArgumentException("RegisterAccount needs a password hash");
        }
        if (!claims.claim(UsernamePolicy.uniquenessKey(username), command.userId())) {
            throw new Rejection(RejectionCode.USERNAME_TAKEN, "username '" + username + "' is taken",
                    Map.of("username", username));
        }
        apply(new AccountRegistered(command.userId(), username, command.passwordHash(), 0));
    }

    @EventSourcingHandler
    void on(AccountRegistered event) {
        userId = event.userId();
        username = event.username();
        reviewerLevel = event.reviewerLevel();
    }
}
