package dev.codeplatform.command.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileTreeTest {

    private final FileTree tree = new FileTree();

    @Test
    void aFileImpliesItsFoldersAndEachCountsAsAnEntry() {
        tree.putFile("a/b/c.txt", "h", 3, 2);

        assertThat(tree.isFolder("a")).isTrue();
        assertThat(tree.isFolder("a/b")).isTrue();
        assertThat(tree.isFile("a/b/c.txt")).isTrue();
        assertThat(tree.entries()).isEqualTo(3);
        assertThat(tree.totalBytes()).isEqualTo(3);
    }

    @Test
    void missingFoldersAreCountedUpToTheFirstThatExists() {
        tree.addFolder("a");

        assertThat(tree.missingFoldersAbove("a/b/c/d")).isEqualTo(2);
        assertThat(tree.missingFoldersAbove("top")).isZero();
    }

    @Test
    void theNearestFileAboveAPathIsFound() {
        tree.putFile("a/b", "h", 1, 2);

        assertThat(tree.fileAbove("a/b/c/d")).contains("a/b");
        assertThat(tree.fileAbove("a/c")).isEmpty();
    }

    @Test
    void movingAFolderRebasesItsSubtreeAndLeavesItsParent() {
        tree.putFile("p/src/a.py", "h1", 1, 2);
        tree.putFile("p/src/deep/b.py", "h2", 2, 3);
        tree.addFolder("p/src/empty");
        tree.putFile("p/srcx/c.py", "h3", 4, 4);

        tree.move("p/src", "q/lib", 5);

        assertThat(tree.isFolder("p")).isTrue();
        assertThat(tree.exists("p/src")).isFalse();
        assertThat(tree.exists("p/src/deep")).isFalse();
        assertThat(tree.file("q/lib/a.py")).isEqualTo(new FileTree.FileState("h1", 1, 5));
        assertThat(tree.file("q/lib/deep/b.py")).isEqualTo(new FileTree.FileState("h2", 2, 5));
        assertThat(tree.isFolder("q/lib/empty")).isTrue();
        assertThat(tree.isFolder("q")).isTrue();
        assertThat(tree.file("p/srcx/c.py").version()).isEqualTo(4);
        assertThat(tree.totalBytes()).isEqualTo(7);
        // p, p/srcx, p/srcx/c.py, q, q/lib, q/lib/a.py, q/lib/deep, q/lib/deep/b.py, q/lib/empty
        assertThat(tree.entries()).isEqualTo(9);
    }

    @Test
    void deletingAFolderRemovesItsSubtreeAndItsBytes() {
        tree.putFile("src/a.py", "h1", 10, 2);
        tree.putFile("src/sub/b.py", "h2", 20, 3);
        tree.putFile("src.txt", "h3", 5, 4);

        tree.delete("src");

        assertThat(tree.exists("src")).isFalse();
        assertThat(tree.exists("src/sub")).isFalse();
        assertThat(tree.isFile("src.txt")).isTrue();
        assertThat(tree.totalBytes()).isEqualTo(5);
        assertThat(tree.entries()).isEqualTo(1);
    }

    @Test
    void overwritingAFileReplacesItsSizeInTheTotal() {
        tree.putFile("a", "h1", 10, 2);
        tree.putFile("a", "h2", 4, 3);

        assertThat(tree.totalBytes()).isEqualTo(4);
        assertThat(tree.file("a").version()).isEqualTo(3);
    }
}
