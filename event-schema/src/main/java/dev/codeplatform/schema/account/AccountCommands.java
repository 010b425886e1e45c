package dev.codeplatform.schema.account;

import dev.codeplatform.schema.ids.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public final class AccountCommands {

    private AccountCommands() {
    }

    /** The password arrives already hashed: plain passwords never enter a message. */
    public record RegisterAccount(@TargetAggregateIdentifier UserId userId, String username, String passwordHash) {
    }
}
