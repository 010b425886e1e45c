package dev.codeplatform.gateway.api;

import dev.codeplatform.command.workspace.WorkspaceLimits;
import dev.codeplatform.query.versions.ProjectedVersions;
import dev.codeplatform.query.versions.ReadModel;
import dev.codeplatform.schema.ids.Actor;
import dev.codeplatform.schema.ids.UserId;
import dev.codeplatform.schema.ids.WorkspaceId;
import dev.codeplatform.schema.workspace.ContentHash;
import dev.codeplatform.schema.workspace.WorkspaceCommands.CreateFolder;
import dev.codeplatform.schema.workspace.WorkspaceCommands.CreateWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceCommands.DeleteEntry;
import dev.codeplatform.schema.workspace.WorkspaceCommands.DeleteWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceCommands.MoveEntry;
import dev.codeplatform.schema.workspace.WorkspaceCommands.RenameWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceCommands.WriteFile;
import dev.codeplatform.schema.workspace.WorkspaceQueries.FileContent;
import dev.codeplatform.schema.workspace.WorkspaceQueries.GetFile;
import dev.codeplatform.schema.workspace.WorkspaceQueries.GetTree;
import dev.codeplatform.schema.workspace.WorkspaceQueries.GetWorkspace;
import dev.codeplatform.schema.workspace.WorkspaceQueries.ListWorkspaces;
import dev.codeplatform.schema.workspace.WorkspaceQueries.Tree;
import dev.codeplatform.schema.workspace.WorkspaceQueries.WorkspaceSummary;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Locale;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Workspaces and their files. Every write answers the workspace's version; reads take {@code minVersion} to see at
 * least that version (read-your-writes). Someone else's workspace answers 404.
 */
@RestController
@RequestMapping("/api/workspaces")
class WorkspaceController {

    record NameRequest(@NotNull String name) {
    }

    record FolderRequest(@NotNull String path) {
    }

    record MoveRequest(@NotNull String from, @NotNull String to) {
    }

    record Written(String path, long version, String hash) {
    }

    record Changed(long version) {
    }

    record TreeEntryView(String path, String kind, Long size, String hash, long version) {
    }

    record TreeView(WorkspaceId workspaceId, long version, List<TreeEntryView> entries) {
    }

    private final Messaging messaging;
    private final ProjectedVersions versions;
    private final WorkspaceLimits limits;

    WorkspaceController(Messaging messaging, ProjectedVersions versions, WorkspaceLimits limits) {
        this.messaging = messaging;
        this.versions = versions;
        this.limits = limits;
    }

    @GetMapping
    Mono<List<WorkspaceSummary>> list(@AuthenticationPrincipal Jwt token) {
        return messaging.query(new ListWorkspaces(CurrentUser.of(token)),
                ResponseTypes.multipleInstancesOf(WorkspaceSummary.class));
    }

    /** Answers once the workspace is readable, so the creator's next request finds it. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<WorkspaceSummary> create(@AuthenticationPrincipal Jwt token, @Valid @RequestBody NameRequest request) {
        WorkspaceId id = WorkspaceId.random();
        return messaging.<Long>send(new CreateWorkspace(id, CurrentUser.of(token), request.name()))
                .flatMap(version -> versions.awaitVersion(ReadModel.WORKSPACE, id.value(), version)
                        .thenReturn(new WorkspaceSummary(id, request.name().trim(), version)));
    }

    @GetMapping("/{workspaceId}")
    Mono<WorkspaceSummary> get(@AuthenticationPrincipal Jwt token, @PathVariable String workspaceId,
                               @RequestParam(defaultValue = "0") long minVersion) {
        return messaging.query(new GetWorkspace(Ids.workspace(workspaceId), CurrentUser.of(token), minVersion),
                WorkspaceSummary.class);
    }

    @PatchMapping("/{workspaceId}")
    Mono<WorkspaceSummary> rename(@AuthenticationPrincipal Jwt token, @PathVariable String workspaceId,
                                  @Valid @RequestBody NameRequest request) {
        WorkspaceId id = Ids.workspace(workspaceId);
        return messaging.<Long>send(new RenameWorkspace(id, CurrentUser.of(token), request.name()))
                .map(version -> new WorkspaceSummary(id, request.name().trim(), version));
    }

    @DeleteMapping("/{workspaceId}")
    Mono<Changed> delete(@AuthenticationPrincipal Jwt token, @PathVariable String workspaceId) {
        return messaging.<Long>send(new DeleteWorkspace(Ids.workspace(workspaceId), CurrentUser.of(token)))
                .map(Changed::new);
    }

    @GetMapping("/{workspaceId}/tree")
    Mono<TreeView> tree(@AuthenticationPrincipal Jwt token, @PathVariable String workspaceId,
                        @RequestParam(defaultValue = "0") long minVersion) {
        return messaging.query(new GetTree(Ids.workspace(workspaceId), CurrentUser.of(token), minVersion), Tree.class)
                .map(tree -> new TreeView(tree.workspaceId(), tree.version(), tree.entries().stream()
                        .map(entry -> new TreeEntryView(entry.path(), entry.kind().name().toLowerCase(Locale.ROOT),
                                entry.size(), entry.hash(), entry.version()))
                        .toList()));
    }

    /** The body is the file's raw bytes; {@code baseVersion} guards against overwriting someone else's change. */
    @PutMapping(path = "/{workspaceId}/files/{*path}")
    Mono<Written> write(@AuthenticationPrincipal Jwt token, @PathVariable String workspaceId, @PathVariable String path,
                        @RequestParam(required = false) Long baseVersion, ServerHttpRequest request) {
        UserId user = CurrentUser.of(token);
        WorkspaceId id = Ids.workspace(workspaceId);
        String file = relative(path);
        return BoundedBody.read(request, limits.maxFileBytes())
                .flatMap(bytes -> messaging.<Long>send(new WriteFile(id, user, Actor.user(user), file, bytes, baseVersion))
                        .map(version -> new Written(file, version, ContentHash.sha256(bytes))));
    }

    @GetMapping(path = "/{workspaceId}/files/{*path}")
    Mono<ResponseEntity<byte[]>> read(@AuthenticationPrincipal Jwt token, @PathVariable String workspaceId,
                                      @PathVariable String path, @RequestParam(defaultValue = "0") long minVersion) {
        return messaging.query(new GetFile(Ids.workspace(workspaceId), CurrentUser.of(token), relative(path),
                        minVersion), FileContent.class)
                .map(file -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .eTag(file.hash())
                        .header("X-Workspace-Version", Long.toString(file.version()))
                        .body(file.content()));
    }

    @DeleteMapping(path = "/{workspaceId}/files/{*path}")
    Mono<Changed> deleteEntry(@AuthenticationPrincipal Jwt token, @PathVariable String workspaceId,
                              @PathVariable String path) {
        UserId user = CurrentUser.of(token);
        return messaging.<Long>send(new DeleteEntry(Ids.workspace(workspaceId), user, Actor.user(user), relative(path)))
                .map(Changed::new);
    }

    @PostMapping("/{workspaceId}/folders")
    Mono<Changed> createFolder(@AuthenticationPrincipal Jwt token, @PathVariable String workspaceId,
                               @Valid @RequestBody FolderRequest request) {
        UserId user = CurrentUser.of(token);
        return messaging.<Long>send(new CreateFolder(Ids.workspace(workspaceId), user, Actor.user(user), request.path()))
                .map(Changed::new);
    }

    @PostMapping("/{workspaceId}/moves")
    Mono<Changed> move(@AuthenticationPrincipal Jwt token, @PathVariable String workspaceId,
                       @Valid @RequestBody MoveRequest request) {
        UserId user = CurrentUser.of(token);
        return messaging.<Long>send(new MoveEntry(Ids.workspace(workspaceId), user, Actor.user(user), request.from(),
                        request.to()))
                .map(Changed::new);
    }

    /** {@code {*path}} captures with its leading slash; the domain's path rules judge the rest. */
    private static String relative(String captured) {
        return captured.startsWith("/") ? captured.substring(1) : captured;
    }
}
