package dev.codeplatform.command.workspace;

import static dev.codeplatform.command.testing.Rejections.rejectedWith;
import static dev.codeplatform.command.workspace.WorkspaceTesting.created;
import static dev.codeplatform.command.workspace.WorkspaceTesting.createFolder;
import static dev.codeplatform.command.workspace.WorkspaceTesting.delete;
import static dev.codeplatform.command.workspace.WorkspaceTesting.deleted;
import static dev.codeplatform.command.workspace.WorkspaceTesting.folder;
import static dev.codeplatform.command.workspace.WorkspaceTesting.move;
import static dev.codeplatform.command.workspace.WorkspaceTesting.moved;
import static dev.codeplatform.command.workspace.WorkspaceTesting.write;
import static dev.codeplatform.command.workspace.WorkspaceTesting.written;

import dev.codeplatform.command.testing.InMemoryBlobStore;
import dev.codeplatform.schema.rejection.RejectionCode;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Folders, moves and deletes. Limits here: at most 6 entries (files and folders). */
class WorkspaceTreeTest {

    private AggregateTestFixture<Workspace> fixture;

    @BeforeEach
    void setUp() {
        fixture = WorkspaceTesting.fixture(new WorkspaceLimits(100, 1000, 6), new InMemoryBlobStore());
    }

    @Test
    void creatingAFolderRecordsIt() {
        fixture.given(created())
               .when(createFolder("src/app"))
               .expectEvents(folder("src/app"))
               .expectResultMessagePayload(2L);
    }

    @Test
    void creatingAFolderThatExistsChangesNothing() {
        fixture.given(created(), written("src/app/main.py", "x"))
               .when(createFolder("src/app"))
               .expectNoEvents()
               .expectResultMessagePayload(2L);
    }

    @Test
    void creatingAFolderWhereAFileIsConflicts() {
        fixture.given(created(), written("src", "x"))
               .when(createFolder("src"))
               .expectException(rejectedWith(RejectionCode.PATH_CONFLICT, Map.of("path", "src")))
               .expectNoEvents();
    }

    @Test
    void creatingAFolderUnderAFileConflicts() {
        fixture.given(created(), written("src", "x"))
               .when(createFolder("src/app"))
               .expectException(rejectedWith(RejectionCode.PATH_CONFLICT, Map.of("conflictsWith", "src")))
               .expectNoEvents();
    }

    @Test
    void aFolderBeyondTheEntryLimitIsRefusedCountingTheFoldersItImplies() {
        // entries: a, b, c, d = 4; "x/y/z" would add 3 folders = 7 > 6
        fixture.given(created(), written("a", "1"), written("b", "2"), written("c", "3"), written("d", "4"))
               .when(createFolder("x/y/z"))
               .expectException(rejectedWith(RejectionCode.TOO_MANY_ENTRIES))
               .expectNoEvents();
    }

    @Test
    void foldersImpliedByAFileStayWhenTheFileIsDeleted() {
        fixture.given(created(), written("src/main.py", "x"), deleted("src/main.py"))
               .when(delete("src"))
               .expectEvents(deleted("src"));
    }

    @Test
    void movingAFileRecordsTheMove() {
        fixture.given(created(), written("main.py", "x"))
               .when(move("main.py", "src/app.py"))
               .expectEvents(moved("main.py", "src/app.py"))
               .expectResultMessagePayload(3L);
    }

    @Test
    void aMovedFileLeavesItsOldPathFree() {
        fixture.given(created(), written("main.py", "x"), moved("main.py", "app.py"))
               .when(delete("main.py"))
               .expectException(rejectedWith(RejectionCode.FILE_NOT_FOUND, Map.of("path", "main.py")))
               .expectNoEvents();
    }

    @Test
    void movingAFolderMovesEverythingUnderIt() {
        fixture.given(created(), written("src/app/main.py", "x"), folder("src/empty"), moved("src", "lib"))
               .when(delete("lib/app/main.py"))
               .expectEvents(deleted("lib/app/main.py"));
        fixture.given(created(), written("src/app/main.py", "x"), folder("src/empty"), moved("src", "lib"))
               .when(createFolder("lib/empty"))
               .expectNoEvents();
        fixture.given(created(), written("src/app/main.py", "x"), folder("src/empty"), moved("src", "lib"))
               .when(delete("src/app"))
               .expectException(rejectedWith(RejectionCode.FILE_NOT_FOUND))
               .expectNoEvents();
    }

    @Test
    void filesMovedWithTheirFolderCountAsChangedByTheMove() {
        fixture.given(created(), written("src/main.py", "x"), moved("src", "lib"))
               .when(write("lib/main.py", "y", 2L))
               .expectException(rejectedWith(RejectionCode.VERSION_CONFLICT, Map.of("currentVersion", 3L)))
               .expectNoEvents();
    }

    @Test
    void aFolderWhoseNameStartsLikeTheMovedOneStaysWhereItIs() {
        fixture.given(created(), written("src/a.py", "x"), written("src2/b.py", "y"), written("src-old/c.py", "z"),
                       moved("src", "lib"))
               .when(delete("src2/b.py"))
               .expectEvents(deleted("src2/b.py"));
    }

    @Test
    void movingOntoSomethingThatExistsConflicts() {
        fixture.given(created(), written("a.py", "a"), written("b.py", "b"))
               .when(move("a.py", "b.py"))
               .expectException(rejectedWith(RejectionCode.PATH_CONFLICT, Map.of("path", "b.py")))
               .expectNoEvents();
    }

    @Test
    void movingOntoAnExistingFolderConflicts() {
        fixture.given(created(), written("a.py", "a"), folder("docs"))
               .when(move("a.py", "docs"))
               .expectException(rejectedWith(RejectionCode.PATH_CONFLICT))
               .expectNoEvents();
    }

    @Test
    void movingUnderAFileConflicts() {
        fixture.given(created(), written("a.py", "a"), written("b.py", "b"))
               .when(move("a.py", "b.py/a.py"))
               .expectException(rejectedWith(RejectionCode.PATH_CONFLICT, Map.of("conflictsWith", "b.py")))
               .expectNoEvents();
    }

    @Test
    void aFolderCannotBeMovedIntoItself() {
        fixture.given(created(), written("src/a.py", "a"))
               .when(move("src", "src/inner"))
               .expectException(rejectedWith(RejectionCode.PATH_CONFLICT, Map.of("conflictsWith", "src")))
               .expectNoEvents();
    }

    @Test
    void movingSomethingThatDoesNotExistIsNotFound() {
        fixture.given(created())
               .when(move("ghost.py", "b.py"))
               .expectException(rejectedWith(RejectionCode.FILE_NOT_FOUND, Map.of("path", "ghost.py")))
               .expectNoEvents();
    }

    @Test
    void aMoveWhoseNewFoldersExceedTheEntryLimitIsRefused() {
        // entries: a, b, c, d, e = 5; "x/y/a" needs folders x and x/y = 7 > 6
        fixture.given(created(), written("a", "1"), written("b", "2"), written("c", "3"), written("d", "4"),
                       written("e", "5"))
               .when(move("a", "x/y/a"))
               .expectException(rejectedWith(RejectionCode.TOO_MANY_ENTRIES))
               .expectNoEvents();
    }

    @Test
    void deletingAFileRecordsIt() {
        fixture.given(created(), written("main.py", "x"))
               .when(delete("main.py"))
               .expectEvents(deleted("main.py"))
               .expectResultMessagePayload(3L);
    }

    @Test
    void deletingAFolderDeletesEverythingUnderIt() {
        fixture.given(created(), written("src/app/main.py", "x"), deleted("src"))
               .when(delete("src/app/main.py"))
               .expectException(rejectedWith(RejectionCode.FILE_NOT_FOUND))
               .expectNoEvents();
        fixture.given(created(), written("src/app/main.py", "x"), deleted("src"))
               .when(write("src", "now a file"))
               .expectEvents(written("src", "now a file"));
    }

    @Test
    void deletingFreesEntries() {
        fixture.given(created(), written("d/a", "1"), written("d/b", "2"), written("d/c", "3"), written("e", "4"),
                       written("f", "5"), deleted("d"))
               .when(createFolder("x/y/z"))
               .expectEvents(folder("x/y/z"));
    }

    @Test
    void deletingSomethingThatDoesNotExistIsNotFound() {
        fixture.given(created(), written("main.py", "x"))
               .when(delete("ghost.py"))
               .expectException(rejectedWith(RejectionCode.FILE_NOT_FOUND, Map.of("path", "ghost.py")))
               .expectNoEvents();
    }

    @Test
    void deletingAMalformedPathIsInvalid() {
        fixture.given(created(), written("main.py", "x"))
               .when(delete("../main.py"))
               .expectException(rejectedWith(RejectionCode.INVALID_PATH, Map.of("rule", "dot-segment")))
               .expectNoEvents();
    }
}
