package dev.codeplatform.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeplatform.schema.account.AccountCommands.RegisterAccount;
import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.workspace.WorkspaceCommands.CreateWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceCommands.WriteFile;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.junit.jupiter.api.Test;

class CachingCommandTargetResolverTest {

    record Versioned(@TargetAggregateIdentifier String id, @TargetAggregateVersion String version) {
    }

    static class ByMethod {
        @TargetAggregateIdentifier
        String target() {
            return "from-method";
        }
    }

    static class ByField {
        @TargetAggregateIdentifier
        private final Long id = 42L;
        @TargetAggregateVersion
        private final Integer version = 7;
    }

    record Untargeted(String id) {
    }

    private final CachingCommandTargetResolver cached = new CachingCommandTargetResolver();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    @Test
    void answersWhatAxonsResolverAnswersTwiceOver() {
        UserId owner = UserId.random();
        List<Object> commands = List.of(
                new CreateWorkspace(WorkspaceId.random(), owner, "w"),
                new WriteFile(WorkspaceId.random(), owner, Actor.user(owner), "a.txt", new byte[0], 3L),
                new RegisterAccount(owner, "someone", "hash"),
                new Versioned("v-1", "12"),
                new ByMethod(),
                new ByField());
        for (int round = 0; round < 2; round++) { // the second round answers from the cache
            for (Object command : commands) {
                GenericCommandMessage<Object> message = new GenericCommandMessage<>(command);
                assertThat(cached.resolveTarget(message)).as("%s", command).isEqualTo(axon.resolveTarget(message));
            }
        }
        assertThat(cached.resolveTarget(new GenericCommandMessage<>(new Versioned("v-1", "12"))).getVersion())
                .isEqualTo(12L);
        assertThat(cached.resolveTarget(new GenericCommandMessage<>(new ByField())).getIdentifier())
                .isEqualTo("42");
    }

    @Test
    void refusesWhatAxonsResolverRefuses() {
        assertThatThrownBy(() -> cached.resolveTarget(new GenericCommandMessage<>(new Untargeted("x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Untargeted");
        assertThatThrownBy(() -> cached.resolveTarget(new GenericCommandMessage<>(new Versioned(null, "1"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cached.resolveTarget(new GenericCommandMessage<>(new Versioned("v", "one"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a number");
    }
}
