package dev.codeplatform.command.workspace;

import static dev.codeplatform.command.testing.Rejections.rejectedWith;
import static dev.codeplatform.command.workspace.WorkspaceTesting.ACTOR;
import static dev.codeplatform.command.workspace.WorkspaceTesting.OWNER;
import static dev.codeplatform.command.workspace.WorkspaceTesting.WORKSPACE;
import static dev.codeplatform.command.workspace.WorkspaceTesting.bytes;
import static dev.codeplatform.command.workspace.WorkspaceTesting.created;
import static dev.codeplatform.command.workspace.WorkspaceTesting.deleted;
import static dev.codeplatform.command.workspace.WorkspaceTesting.folder;
import static dev.codeplatform.command.workspace.WorkspaceTesting.moved;
import static dev.codeplatform.command.workspace.WorkspaceTesting.write;
import static dev.codeplatform.command.workspace.WorkspaceTesting.written;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeplatform.command.testing.InMemoryBlobStore;
import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.SessionId;
import dev.codeplatform.schema.rejection.RejectionCode;
import dev.codeplatform.schema.workspace.ContentHash;
import dev.codeplatform.schema.workspace.WorkspaceCommands.WriteFile;
import dev.codeplatform.schema.workspace.WorkspaceEvent.FileWritten;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Limits here: files up to 10 bytes, 25 bytes in all, 5 entries (files and folders). */
class WorkspaceFilesTest {

    private static final WorkspaceLimits SMALL = new WorkspaceLimits(10, 25, 5);

    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private AggregateTestFixture<Workspace> fixture;

    @BeforeEach
    void setUp() {
        fixture = WorkspaceTesting.fixture(SMALL, blobs);
    }

    @Test
    void writingANewFileStoresItsContentAndRecordsOnlyItsHashAndSize() {
        fixture.given(created())
               .when(write("src/main.py", "print(1)"))
               .expectEvents(written("src/main.py", "print(1)"))
               .expectResultMessagePayload(2L);

        String hash = ContentHash.sha256(bytes("print(1)"));
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(blobs.blobs()).containsOnlyKeys(hash);
        assertThat(blobs.blobs().get(hash)).isEqualTo(bytes("print(1)"));
    }

    @Test
    void anEmptyFileIsAFile() {
        fixture.given(created())
               .when(write("__init__.py", ""))
               .expectEvents(written("__init__.py", ""));
    }

    @Test
    void theEventNamesTheActorThatWrote() {
        Actor terminal = Actor.terminal(SessionId.random());
        byte[] content = bytes("out");
        fixture.given(created())
               .when(new WriteFile(WORKSPACE, OWNER, terminal, "out.txt", content, null))
               .expectEvents(new FileWritten(WORKSPACE, "out.txt", ContentHash.sha256(content), 3, terminal));
    }

    @Test
    void overwritingAFileRecordsTheNewContent() {
        fixture.given(created(), written("main.py", "print(1)"))
               .when(write("main.py", "print(2)"))
               .expectEvents(written("main.py", "print(2)"))
               .expectResultMessagePayload(3L);
    }

    @Test
    void writingIdenticalContentRecordsNothingAndAnswersTheCurrentVersion() {
        fixture.given(created(), written("main.py", "print(1)"), written("other.py", "x"))
               .when(write("main.py", "print(1)"))
               .expectNoEvents()
               .expectResultMessagePayload(3L);

        assertThat(blobs.blobs()).isEmpty();
    }

    @Test
    void identicalContentIsANoOpEvenWithAStaleBaseVersion() {
        fixture.given(created(), written("main.py", "print(1)"), written("main.py", "print(2)"))
               .when(write("main.py", "print(2)", 2L))
               .expectNoEvents()
               .expectResultMessagePayload(3L);
    }

    @Test
    void aFileLargerThanTheLimitIsTooLargeAndStoresNothing() {
        fixture.given(created())
               .when(write("big.bin", "01234567890"))
               .expectException(rejectedWith(RejectionCode.FILE_TOO_LARGE,
                       Map.of("path", "big.bin", "size", 11L, "maxFileBytes", 10L)))
               .expectNoEvents();

        assertThat(blobs.blobs()).isEmpty();
    }

    @Test
    void aFileOfExactlyTheLimitIsAccepted() {
        fixture.given(created())
               .when(write("ten.bin", "0123456789"))
               .expectEvents(written("ten.bin", "0123456789"));
    }

    @Test
    void aWriteBeyondTheWorkspaceTotalIsRefusedAsFullAndStoresNothing() {
        fixture.given(created(), written("a", "0123456789"), written("b", "0123456789"))
               .when(write("c", "0123456"))
               .expectException(rejectedWith(RejectionCode.WORKSPACE_FULL,
                       Map.of("totalBytes", 20L, "maxTotalBytes", 25L)))
               .expectNoEvents();

        assertThat(blobs.blobs()).isEmpty();
    }

    @Test
    void overwritingCountsOnlyTheDifferenceTowardsTheTotal() {
        fixture.given(created(), written("a", "0123456789"), written("b", "0123456789"), written("c", "01234"))
               .when(write("c", "abcde"))
               .expectEvents(written("c", "abcde"));
    }

    @Test
    void deletingAndMovingKeepTheTotalRight() {
        fixture.given(created(), written("a", "0123456789"), written("b", "0123456789"), moved("b", "d/b"),
                       deleted("a"))
               .when(write("c", "012345678"))
               .expectEvents(written("c", "012345678"));
    }

    @Test
    void aNewFileBeyondTheEntryLimitIsRefusedCountingTheFoldersItImplies() {
        // entries: a, b, c, d = 4; "x/y" would add folder x and file x/y = 6 > 5
        fixture.given(created(), written("a", "1"), written("b", "2"), written("c", "3"), written("d", "4"))
               .when(write("x/y", "5"))
               .expectException(rejectedWith(RejectionCode.TOO_MANY_ENTRIES, Map.of("entries", 4, "maxEntries", 5)))
               .expectNoEvents();

        assertThat(blobs.blobs()).isEmpty();
    }

    @Test
    void overwritingAFileAtTheEntryLimitIsFine() {
        fixture.given(created(), written("a", "1"), written("b", "2"), written("c", "3"), written("d", "4"),
                       written("e", "5"))
               .when(write("e", "6"))
               .expectEvents(written("e", "6"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "/abs.py|absolute",
            "a/../b.py|dot-segment",
            "a//b.py|empty-segment",
            "win\\path.py|backslash",
            "trailing/|empty-segment"})
    void aMalformedPathIsInvalidNamingTheRuleAndStoresNothing(String path, String rule) {
        fixture.given(created())
               .when(write(path, "x"))
               .expectException(rejectedWith(RejectionCode.INVALID_PATH, Map.of("rule", rule, "path", path)))
               .expectNoEvents();

        assertThat(blobs.blobs()).isEmpty();
    }

    @Test
    void aPathWithAControlCharacterIsInvalid() {
        fixture.given(created())
               .when(write("a\u0000b", "x"))
               .expectException(rejectedWith(RejectionCode.INVALID_PATH, Map.of("rule", "control-character")))
               .expectNoEvents();
    }

    @Test
    void writingAFileWhereAFolderIsConflicts() {
        fixture.given(created(), folder("src"))
               .when(write("src", "x"))
               .expectException(rejectedWith(RejectionCode.PATH_CONFLICT, Map.of("path", "src")))
               .expectNoEvents();

        assertThat(blobs.blobs()).isEmpty();
    }

    @Test
    void writingAFileWhereAnImpliedFolderIsConflicts() {
        fixture.given(created(), written("src/app/main.py", "x"))
               .when(write("src", "x"))
               .expectException(rejectedWith(RejectionCode.PATH_CONFLICT))
               .expectNoEvents();
    }

    @Test
    void writingUnderAFileConflicts() {
        fixture.given(created(), written("notes", "x"))
               .when(write("notes/today.md", "y"))
               .expectException(rejectedWith(RejectionCode.PATH_CONFLICT,
                       Map.of("path", "notes/today.md", "conflictsWith", "notes")))
               .expectNoEvents();

        assertThat(blobs.blobs()).isEmpty();
    }

    @Test
    void writingWithTheCurrentVersionAsBaseSucceeds() {
        fixture.given(created(), written("main.py", "print(1)"))
               .when(write("main.py", "print(2)", 2L))
               .expectEvents(written("main.py", "print(2)"))
               .expectResultMessagePayload(3L);
    }

    @Test
    void aFileChangedAfterTheBaseVersionIsAVersionConflictAndStoresNothing() {
        fixture.given(created(), written("main.py", "print(1)"), written("main.py", "print(2)"))
               .when(write("main.py", "print(3)", 2L))
               .expectException(rejectedWith(RejectionCode.VERSION_CONFLICT,
                       Map.of("currentVersion", 3L, "path", "main.py")))
               .expectNoEvents();

        assertThat(blobs.blobs()).isEmpty();
    }

    @Test
    void aFileCreatedAfterTheBaseVersionIsAVersionConflict() {
        fixture.given(created(), written("other.py", "o"), written("main.py", "theirs"))
               .when(write("main.py", "mine", 2L))
               .expectException(rejectedWith(RejectionCode.VERSION_CONFLICT,
                       Map.of("currentVersion", 3L, "path", "main.py")))
               .expectNoEvents();
    }

    @Test
    void aFileMovedHereAfterTheBaseVersionIsAVersionConflict() {
        fixture.given(created(), written("old.py", "o"), moved("old.py", "main.py"))
               .when(write("main.py", "mine", 2L))
               .expectException(rejectedWith(RejectionCode.VERSION_CONFLICT, Map.of("currentVersion", 3L)))
               .expectNoEvents();
    }

    @Test
    void changesToOtherFilesAfterTheBaseVersionDoNotConflict() {
        fixture.given(created(), written("main.py", "print(1)"), written("other.py", "o"), written("more.py", "m"))
               .when(write("main.py", "print(2)", 2L))
               .expectEvents(written("main.py", "print(2)"))
               .expectResultMessagePayload(5L);
    }

    @Test
    void aBaseVersionOnANewPathDoesNotConflict() {
        fixture.given(created(), written("other.py", "o"))
               .when(write("new.py", "n", 1L))
               .expectEvents(written("new.py", "n"));
    }

    @Test
    void aBaseVersionAheadOfTheWorkspaceIsAVersionConflict() {
        fixture.given(created(), written("main.py", "print(1)"))
               .when(write("main.py", "print(2)", 7L))
               .expectException(rejectedWith(RejectionCode.VERSION_CONFLICT, Map.of("currentVersion", 2L)))
               .expectNoEvents();
    }
}
