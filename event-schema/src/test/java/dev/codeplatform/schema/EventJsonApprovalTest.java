package dev.codeplatform.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.codeplatform.schema.account.AccountEvent;
import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.session.SessionEvent;
import dev.codeplatform.schema.workspace.WorkspaceEvent;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Freezes the stored JSON of every event: a change to a shipped event fails here instead of silently making old
 * events unreadable (change it through a revision and an upcaster). Events are found through their sealed
 * interfaces, so a new event without an approved file fails too; its received JSON is written next to the
 * approved ones to review and rename.
 */
class EventJsonApprovalTest {

    private static final Path APPROVED = Path.of("src/test/resources/approved-events");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(SerializationFeature.INDENT_OUTPUT);

    static Stream<Class<?>> events() {
        return Stream.of(AccountEvent.class, WorkspaceEvent.class, SessionEvent.class)
                .flatMap(sealed -> Arrays.stream(sealed.getPermittedSubclasses()));
    }

    @ParameterizedTest
    @MethodSource("events")
    void the_stored_json_of_every_event_is_unchanged_and_reads_back(Class<?> type) throws Exception {
        Object sample = sample(type);
        String json = JSON.writeValueAsString(sample) + "\n";
        Path approved = APPROVED.resolve(type.getSimpleName() + ".json");
        if (!Files.exists(approved)) {
            Files.writeString(APPROVED.resolve(type.getSimpleName() + ".received.json"), json, StandardCharsets.UTF_8);
            fail("No approved JSON for " + type.getName() + "; review " + type.getSimpleName()
                    + ".received.json and rename it to " + approved.getFileName());
        }
        assertThat(json).isEqualTo(Files.readString(approved, StandardCharsets.UTF_8));
        assertThat(JSON.readValue(json, type)).isEqualTo(sample);
    }

    /** Axon stores the class name as the payload type: moving or renaming an event class strands old events. */
    @org.junit.jupiter.api.Test
    void the_stored_type_names_of_the_events_are_unchanged() throws Exception {
        String names = events().map(Class::getName).sorted().collect(java.util.stream.Collectors.joining("\n")) + "\n";
        assertThat(names).isEqualTo(Files.readString(APPROVED.resolve("payload-types.txt"), StandardCharsets.UTF_8));
    }

    /** A deterministic instance: every component gets a fixed value of its type. */
    private static Object sample(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i]);
        }
        return type.getDeclaredConstructor(types).newInstance(values);
    }

    private static Object value(RecordComponent component) {
        Class<?> type = component.getType();
        UUID fixed = UUID.nameUUIDFromBytes(component.getName().getBytes(StandardCharsets.UTF_8));
        if (type == String.class) {
            return component.getName() + "-sample";
        } else if (type == long.class || type == Long.class) {
            return 42L;
        } else if (type == int.class || type == Integer.class) {
            return 7;
        } else if (type == UserId.class) {
            return new UserId(fixed);
        } else if (type == WorkspaceId.class) {
            return new WorkspaceId(fixed);
        } else if (type == SessionId.class) {
            return new SessionId(fixed);
        } else if (type == Actor.class) {
            return new Actor(Actor.Kind.USER, "6f1e0f9e-0c1b-4f0f-8d44-6d3c9a7b2e10");
        }
        throw new IllegalArgumentException("No sample value for " + type + ": extend the approval test");
    }
}
