package dev.codeplatform.command.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeplatform.command.workspace.WorkspacePath.Violation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspacePathTest {

    static Stream<Arguments> malformedPaths() {
        return Stream.of(
                Arguments.of(null, Violation.EMPTY),
                Arguments.of("", Violation.EMPTY),
                Arguments.of("/etc/passwd", Violation.ABSOLUTE),
                Arguments.of("/", Violation.ABSOLUTE),
                Arguments.of("src\\main.py", Violation.BACKSLASH),
                Arguments.of("a\u0000b", Violation.CONTROL_CHARACTER),
                Arguments.of("line\nbreak.py", Violation.CONTROL_CHARACTER),
                Arguments.of("tab\t.py", Violation.CONTROL_CHARACTER),
                Arguments.of("del\u007F.py", Violation.CONTROL_CHARACTER),
                Arguments.of("c1\u0085.py", Violation.CONTROL_CHARACTER),
                Arguments.of("c1\u009B.py", Violation.CONTROL_CHARACTER),
                Arguments.of("a//b", Violation.EMPTY_SEGMENT),
                Arguments.of("src/", Violation.EMPTY_SEGMENT),
                Arguments.of(".", Violation.DOT_SEGMENT),
                Arguments.of("..", Violation.DOT_SEGMENT),
                Arguments.of("a/./b", Violation.DOT_SEGMENT),
                Arguments.of("a/../../etc", Violation.DOT_SEGMENT),
                Arguments.of("x".repeat(256), Violation.SEGMENT_TOO_LONG),
                Arguments.of("é".repeat(128), Violation.SEGMENT_TOO_LONG),
                Arguments.of("a/".repeat(32) + "b", Violation.TOO_DEEP),
                Arguments.of(("x".repeat(200) + "/").repeat(5) + "y".repeat(20), Violation.TOO_LONG),
                Arguments.of("€".repeat(100) + "/" + "€".repeat(242), Violation.TOO_LONG),
                Arguments.of("bad\uD800surrogate", Violation.INVALID_UNICODE),
                Arguments.of("reversed\uDC00\uD800", Violation.INVALID_UNICODE));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("malformedPaths")
    void aMalformedPathIsRefusedNamingTheRuleItBreaks(String path, Violation expected) {
        assertThat(WorkspacePath.violation(path)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"main.py", "src/app/main.py", ".gitignore", "..hidden", "a.b/c..d", "with space.txt",
            "日本語/ファイル.txt", "emoji-😀.md", "-dash", "~tilde"})
    void ordinaryPathsAreValid(String path) {
        assertThat(WorkspacePath.violation(path)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("pathsAtTheLimits")
    void pathsExactlyAtTheLimitsAreValid(String path) {
        assertThat(WorkspacePath.violation(path)).isEmpty();
    }

    static Stream<String> pathsAtTheLimits() {
        return Stream.of(
                "x".repeat(255),
                "é".repeat(127) + "e",
                "a/".repeat(31) + "b",
                ("x".repeat(203) + "/").repeat(5) + "y".repeat(4));
    }
}
