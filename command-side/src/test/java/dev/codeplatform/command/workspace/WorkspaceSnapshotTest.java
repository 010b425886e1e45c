package dev.codeplatform.command.workspace;

import static dev.codeplatform.command.workspace.WorkspaceTesting.created;
import static dev.codeplatform.command.workspace.WorkspaceTesting.deleted;
import static dev.codeplatform.command.workspace.WorkspaceTesting.folder;
import static dev.codeplatform.command.workspace.WorkspaceTesting.moved;
import static dev.codeplatform.command.workspace.WorkspaceTesting.written;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/** Snapshots hold the whole aggregate, serialized by the application's (Jackson) serializer. */
class WorkspaceSnapshotTest {

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    @Test
    void aWorkspaceSurvivesTheSnapshotRoundTripWithItsTreeAndVersion() throws Exception {
        Workspace workspace = new Workspace();
        workspace.on(created(), 0);
        workspace.on(written("src/main.py", "print(1)"), 1);
        workspace.on(folder("docs/empty"), 2);
        workspace.on(written("tmp/x", "x"), 3);
        workspace.on(moved("src", "lib"), 4);
        workspace.on(deleted("tmp"), 5);

        SerializedObject<byte[]> snapshot = serializer.serialize(workspace, byte[].class);
        Workspace restored = serializer.deserialize(snapshot);

        ObjectMapper json = new ObjectMapper();
        JsonNode original = json.readTree(snapshot.getData());
        assertThat(json.readTree(serializer.serialize(restored, byte[].class).getData())).isEqualTo(original);
        assertThat(original.get("version").asLong()).isEqualTo(6);
        assertThat(original.get("owner").asText()).isEqualTo(WorkspaceTesting.OWNER.toString());
        JsonNode tree = original.get("tree");
        assertThat(tree.get("files").get("lib/main.py").get("version").asLong()).isEqualTo(5);
        assertThat(tree.get("totalBytes").asLong()).isEqualTo(8);
        assertThat(tree.get("folders")).extracting(JsonNode::asText)
                .containsExactly("docs", "docs/empty", "lib");
    }
}
