"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { ApiError, api, type Tree, type Workspace } from "@/lib/api";
import { describeError } from "@/lib/messages";
import { basename, dirname, isWithin, joinPath, languageOf, movedPath, normalizePath, pathProblem } from "@/lib/paths";
import { FileSaver, statusLabel } from "@/lib/saver";
import { buildTree } from "@/lib/tree";
import { logOut } from "@/lib/useAuth";
import { ConfirmDialog, Dialog, PromptDialog, dangerButton, plainButton, primaryButton } from "./Dialog";
import { EditorTabs, tabId } from "./EditorTabs";
import { FileTree } from "./FileTree";
import { NewFileIcon, NewFolderIcon, RenameIcon, TrashIcon } from "./Icons";
import type { EditorBridge } from "./editor/MonacoEditor";
import { TerminalPanel } from "./terminal/TerminalPanel";

const MonacoEditor = dynamic(() => import("./editor/MonacoEditor"), {
  ssr: false,
  loading: () => <p className="p-3 text-sm text-zinc-400">Loading editor…</p>,
});

const POLL_MS = 1000;
const PANEL_ID = "editor-panel";

type Pending =
  | { kind: "newFile"; folder: string }
  | { kind: "newFolder"; folder: string }
  | { kind: "rename"; path: string }
  | { kind: "delete"; path: string }
  | null;

export function Ide({ workspaceId }: { workspaceId: string }) {
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const [tree, setTree] = useState<Tree | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const [selected, setSelected] = useState<string | null>(null);
  const [tabs, setTabs] = useState<string[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [announcement, setAnnouncement] = useState("");
  const [focusEditor, setFocusEditor] = useState(0);
  const bridge = useRef<EditorBridge | null>(null);
  const treeRef = useRef<Tree | null>(null);
  treeRef.current = tree;

  const saver = useMemo(
    () =>
      new FileSaver({
        write: (path, content, baseVersion) => api.writeFile(workspaceId, path, content, baseVersion),
        read: (path) => api.readFile(workspaceId, path),
      }),
    [workspaceId],
  );
  useEffect(() => () => saver.dispose(), [saver]);
  const files = useSyncExternalStore(saver.subscribe, saver.getSnapshot, saver.getSnapshot);

  const roots = useMemo(() => buildTree(tree?.entries ?? []), [tree]);
  const kinds = useMemo(() => new Map((tree?.entries ?? []).map((e) => [e.path, e.kind])), [tree]);

  // ------------------------------------------------------------------------------------------ tree and its updates

  /** Applies a newer tree: reloads open files changed elsewhere (when they have nothing unsaved), marks deleted ones. */
  const applyTree = useCallback(
    (next: Tree) => {
      const previous = treeRef.current;
      if (previous && next.version < previous.version) return;
      treeRef.current = next;
      setTree(next);
      const byPath = new Map(next.entries.map((e) => [e.path, e]));
      for (const path of saver.getSnapshot().keys()) {
        const entry = byPath.get(path);
        if (!entry || entry.kind !== "file") {
          saver.markDeleted(path);
          continue;
        }
        void saver
          .externalChange(path, entry.version)
          .then((content) => {
            if (content !== undefined) bridge.current?.setContent(path, content);
          })
          .catch(() => undefined);
      }
    },
    [saver],
  );

  const refreshTree = useCallback(
    async (minVersion?: number) => {
      const next = await api.tree(workspaceId, minVersion);
      applyTree(next);
      return next;
    },
    [workspaceId, applyTree],
  );

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    (async () => {
      try {
        const [ws, first] = await Promise.all([api.getWorkspace(workspaceId), api.tree(workspaceId)]);
        if (stopped) return;
        setWorkspace(ws);
        applyTree(first);
      } catch (error) {
        if (!stopped) setLoadError(describeError(error, "workspace"));
        return;
      }
      // poll the workspace's version (a tiny answer) and fetch the tree only when it moved
      const tick = async () => {
        if (stopped) return;
        if (typeof document === "undefined" || !document.hidden) {
          try {
            const ws = await api.getWorkspace(workspaceId, controller.signal);
            if (stopped) return;
            setWorkspace((old) => (old && old.name === ws.name && old.version === ws.version ? old : ws));
            const known = treeRef.current?.version ?? 0;
            if (ws.version > known) applyTree(await api.tree(workspaceId, ws.version, controller.signal));
          } catch (error) {
            if (error instanceof ApiError && error.status === 404) {
              setLoadError(describeError(error, "workspace"));
              return;
            }
            // transient: try again on the next tick
          }
        }
        if (!stopped) timer = setTimeout(tick, POLL_MS);
      };
      timer = setTimeout(tick, POLL_MS);
    })();
    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [workspaceId, applyTree]);

  // save what is unsaved when the page goes away
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (saver.busy) {
        void saver.flushAll();
        e.preventDefault();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [saver]);

  // --------------------------------------------------------------------------------------------------- files

  const openFile = useCallback(
    async (path: string) => {
      setMessage(null);
      if (saver.has(path)) {
        setTabs((t) => (t.includes(path) ? t : [...t, path]));
        setActive(path);
        return;
      }
      try {
        const read = await api.readFile(workspaceId, path, treeRef.current?.version);
        if (!saver.has(path)) saver.open(path, read.content, read.version);
        setTabs((t) => (t.includes(path) ? t : [...t, path]));
        setActive(path);
      } catch (error) {
        setMessage(`Could not open ${path}: ${describeError(error, "file")}`);
      }
    },
    [saver, workspaceId],
  );

  const tabsRef = useRef<string[]>(tabs);
  tabsRef.current = tabs;

  const closeTab = useCallback(
    (path: string) => {
      const current = tabsRef.current;
      const i = current.indexOf(path);
      const rest = current.filter((p) => p !== path);
      setTabs(rest);
      setActive((a) => (a === path ? (rest[i] ?? rest[i - 1] ?? null) : a));
      void saver.close(path).then(() => bridge.current?.dispose(path));
    },
    [saver],
  );

  /** The folder new entries go into: the selected folder, or the folder of the selected file. */
  const targetFolder = (): string => {
    if (!selected) return "";
    return kinds.get(selected) === "folder" ? selected : dirname(selected);
  };

  const expandTo = (path: string) => {
    setExpanded((old) => {
      const next = new Set(old);
      for (let d = dirname(path); d; d = dirname(d)) next.add(d);
      return next;
    });
  };

  const createEntry = async (kind: "file" | "folder", folder: string, name: string): Promise<string | void> => {
    const path = joinPath(folder, normalizePath(name));
    if (kinds.has(path)) return `Something named ${basename(path)} exists there already.`;
    try {
      if (kind === "file") {
        // baseVersion 0: only creates, never overwrites a file that appeared meanwhile
        const written = await api.writeFile(workspaceId, path, "", 0);
        await refreshTree(written.version);
        expandTo(path);
        setSelected(path);
        saver.open(path, "", written.version);
        setTabs((t) => (t.includes(path) ? t : [...t, path]));
        setActive(path);
        setFocusEditor((n) => n + 1);
      } else {
        const changed = await api.createFolder(workspaceId, path);
        await refreshTree(changed.version);
        expandTo(path);
        setExpanded((old) => new Set(old).add(path));
        setSelected(path);
      }
      setAnnouncement(`${kind === "file" ? "File" : "Folder"} ${path} created.`);
      setPending(null);
    } catch (error) {
      if (error instanceof ApiError && error.code === "VERSION_CONFLICT") return `A file named ${basename(path)} exists already.`;
      return describeError(error, "file");
    }
  };

  const renameEntry = async (from: string, to: string): Promise<string | void> => {
    const target = normalizePath(to);
    if (target === from) {
      setPending(null);
      return;
    }
    if (kinds.has(target)) return `Something exists at ${target} already.`;
    try {
      // write what is unsaved first, so nothing lands at the old path after the move
      await Promise.all([...saver.getSnapshot().keys()].filter((p) => isWithin(p, from)).map((p) => saver.flush(p)));
      const changed = await api.move(workspaceId, from, target);
      const movedOpen = [...saver.getSnapshot().keys()].filter((p) => isWithin(p, from));
      saver.moved(from, target, changed.version);
      for (const p of movedOpen) bridge.current?.dispose(p);
      setTabs((t) => t.map((p) => movedPath(p, from, target)));
      setActive((a) => (a ? movedPath(a, from, target) : a));
      setExpanded((old) => new Set([...old].map((p) => movedPath(p, from, target))));
      setSelected(target);
      expandTo(target);
      await refreshTree(changed.version);
      setAnnouncement(`Moved ${from} to ${target}.`);
      setPending(null);
    } catch (error) {
      return describeError(error, "file");
    }
  };

  const deleteEntry = async (path: string) => {
    try {
      const changed = await api.deleteEntry(workspaceId, path);
      const gone = [...saver.getSnapshot().keys()].filter((p) => isWithin(p, path));
      saver.forget(path);
      for (const p of gone) bridge.current?.dispose(p);
      const rest = tabsRef.current.filter((p) => !isWithin(p, path));
      setTabs(rest);
      setActive((a) => (a && isWithin(a, path) ? (rest[0] ?? null) : a));
      setSelected((s) => (s && isWithin(s, path) ? dirname(path) || null : s));
      await refreshTree(changed.version);
      setAnnouncement(`${path} deleted.`);
    } catch (error) {
      setMessage(`Could not delete ${path}: ${describeError(error, "file")}`);
    }
    setPending(null);
  };

  // --------------------------------------------------------------------------------------------------- conflicts

  const conflicted = useMemo(() => {
    const inTabs = tabs.filter((t) => files.get(t)?.status === "conflict");
    return inTabs.includes(active ?? "") ? active : (inTabs[0] ?? null);
  }, [files, tabs, active]);

  const keepMine = async (path: string) => {
    await saver.keepMine(path);
  };
  const takeTheirs = async (path: string) => {
    try {
      const content = await saver.takeTheirs(path);
      if (content !== undefined) bridge.current?.setContent(path, content);
    } catch (error) {
      setMessage(`Could not reload ${path}: ${describeError(error, "file")}`);
    }
  };

  // --------------------------------------------------------------------------------------------------- render

  const onEditorChange = useCallback((path: string, content: string) => saver.edit(path, content), [saver]);
  const onSaveNow = useCallback((path: string) => void saver.flush(path), [saver]);
  const onBridge = useCallback((b: EditorBridge | null) => {
    bridge.current = b;
  }, []);

  if (loadError) {
    return (
      <main className="mx-auto max-w-md p-6">
        <h1 className="mb-2 text-xl font-semibold">This workspace cannot be opened</h1>
        <p role="alert" className="mb-4 text-red-300">
          {loadError}
        </p>
        <Link href="/" className="text-sky-400 underline">
          Back to your workspaces
        </Link>
      </main>
    );
  }

  const activeFile = active ? files.get(active) : undefined;
  const selectedKind = selected ? kinds.get(selected) : undefined;

  return (
    <div className="flex h-screen flex-col overflow-hidden">
      <header className="flex items-center gap-3 border-b border-zinc-800 bg-zinc-900 px-3 py-1.5">
        <Link href="/" className="text-sm text-sky-400 hover:underline">
          ← Workspaces
        </Link>
        <h1 className="flex-1 truncate text-sm font-semibold">{workspace?.name ?? "Loading…"}</h1>
        <button type="button" className={plainButton} onClick={logOut}>
          Log out
        </button>
      </header>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {message && (
        <div role="alert" className="flex items-center gap-2 border-b border-red-900 bg-red-950 px-3 py-1.5 text-sm text-red-200">
          <span className="flex-1">{message}</span>
          <button type="button" className={plainButton} onClick={() => setMessage(null)} aria-label="Dismiss message">
            ×
          </button>
        </div>
      )}
      <div className="flex min-h-0 flex-1">
        <nav aria-label="Explorer" className="flex w-60 shrink-0 flex-col border-r border-zinc-800 bg-zinc-900">
          <div className="flex items-center gap-1 border-b border-zinc-800 px-2 py-1">
            <h2 className="flex-1 text-xs font-semibold uppercase tracking-wide text-zinc-400">Explorer</h2>
            <IconButton label="New file" onClick={() => setPending({ kind: "newFile", folder: targetFolder() })}>
              <NewFileIcon />
            </IconButton>
            <IconButton label="New folder" onClick={() => setPending({ kind: "newFolder", folder: targetFolder() })}>
              <NewFolderIcon />
            </IconButton>
            <IconButton label="Rename or move" disabled={!selectedKind} onClick={() => selected && setPending({ kind: "rename", path: selected })}>
              <RenameIcon />
            </IconButton>
            <IconButton label="Delete" disabled={!selectedKind} onClick={() => selected && setPending({ kind: "delete", path: selected })}>
              <TrashIcon />
            </IconButton>
          </div>
          <div className="min-h-0 flex-1 overflow-auto">
            {tree === null ? (
              <p className="p-3 text-sm text-zinc-400">Loading files…</p>
            ) : (
              <>
                <FileTree
                  roots={roots}
                  expanded={expanded}
                  onToggle={(path, open) =>
                    setExpanded((old) => {
                      const next = new Set(old);
                      if (open) next.add(path);
                      else next.delete(path);
                      return next;
                    })
                  }
                  selected={selected}
                  onSelect={setSelected}
                  activeFile={active}
                  onOpen={(p) => void openFile(p)}
                  onRename={(p) => setPending({ kind: "rename", path: p })}
                  onDelete={(p) => setPending({ kind: "delete", path: p })}
                />
                {roots.length === 0 && <p className="px-3 py-2 text-sm text-zinc-500">No files yet. Create one with “New file”.</p>}
              </>
            )}
          </div>
        </nav>
        <div className="flex min-w-0 flex-1 flex-col">
          <section aria-label="Editor" className="flex min-h-0 flex-[3] flex-col border-b border-zinc-800">
            <EditorTabs
              tabs={tabs}
              active={active}
              files={files}
              onActivate={setActive}
              onClose={closeTab}
              panelId={PANEL_ID}
            />
            <div
              id={PANEL_ID}
              role={active ? "tabpanel" : undefined}
              aria-labelledby={active ? tabId(active) : undefined}
              className="min-h-0 flex-1"
            >
              {active && activeFile ? (
                <MonacoEditor
                  path={active}
                  language={languageOf(active)}
                  initialContent={saver.get(active)?.content ?? activeFile.content}
                  onChange={onEditorChange}
                  onSaveNow={onSaveNow}
                  onBridge={onBridge}
                  focusToken={focusEditor}
                />
              ) : (
                <p className="p-6 text-sm text-zinc-500">Open a file from the explorer, or create one.</p>
              )}
            </div>
            <div className="flex items-center gap-3 border-t border-zinc-800 bg-zinc-900 px-3 py-0.5 text-xs text-zinc-400">
              <span className="flex-1 truncate">{active ?? ""}</span>
              {active && <span className="text-zinc-500">{languageOf(active)}</span>}
              <span
                role="status"
                aria-live="polite"
                data-testid="save-status"
                className={activeFile?.status === "conflict" || activeFile?.status === "error" ? "text-amber-300" : ""}
              >
                {statusLabel(activeFile)}
              </span>
            </div>
          </section>
          <div className="min-h-0 flex-[2]">
            <TerminalPanel workspaceId={workspaceId} />
          </div>
        </div>
      </div>

      {pending?.kind === "newFile" && (
        <PromptDialog
          title="New file"
          label={pending.folder ? `File name (in ${pending.folder}/)` : "File name"}
          confirmLabel="Create file"
          validate={pathProblem}
          onCancel={() => setPending(null)}
          onSubmit={(v) => createEntry("file", pending.folder, v)}
        />
      )}
      {pending?.kind === "newFolder" && (
        <PromptDialog
          title="New folder"
          label={pending.folder ? `Folder name (in ${pending.folder}/)` : "Folder name"}
          confirmLabel="Create folder"
          validate={pathProblem}
          onCancel={() => setPending(null)}
          onSubmit={(v) => createEntry("folder", pending.folder, v)}
        />
      )}
      {pending?.kind === "rename" && (
        <PromptDialog
          title={`Rename or move ${basename(pending.path)}`}
          label="New path"
          initialValue={pending.path}
          selection={selectionOf(pending.path, kinds.get(pending.path) === "folder")}
          confirmLabel="Rename"
          validate={pathProblem}
          onCancel={() => setPending(null)}
          onSubmit={(v) => renameEntry(pending.path, v)}
        />
      )}
      {pending?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete ${basename(pending.path)}?`}
          message={
            kinds.get(pending.path) === "folder"
              ? `The folder ${pending.path} and everything in it will be deleted.`
              : `The file ${pending.path} will be deleted.`
          }
          confirmLabel="Delete"
          danger
          onCancel={() => setPending(null)}
          onConfirm={() => deleteEntry(pending.path)}
        />
      )}
      {conflicted && pending === null && (
        <Dialog title={`${basename(conflicted)} was changed elsewhere`} onCancel={() => setActive(conflicted)} role="alertdialog">
          <p className="mb-4 text-sm text-zinc-300">
            Someone (another tab, or a program in the terminal) saved <code className="font-mono">{conflicted}</code> after you
            opened it. Keep your version and overwrite theirs, or take theirs and lose your changes to this file.
          </p>
          <div className="flex justify-end gap-2">
            <button type="button" className={dangerButton} onClick={() => void keepMine(conflicted)} data-autofocus>
              Keep mine (overwrite)
            </button>
            <button type="button" className={primaryButton} onClick={() => void takeTheirs(conflicted)}>
              Take theirs (reload)
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

/** Selects the name without its extension (files) or the last segment (folders) in the rename box. */
function selectionOf(path: string, folder: boolean): [number, number] {
  const start = path.length - basename(path).length;
  if (folder) return [start, path.length];
  const dot = path.lastIndexOf(".");
  return [start, dot > start ? dot : path.length];
}

function IconButton({
  label,
  onClick,
  disabled,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className="rounded px-1.5 py-0.5 text-xs text-zinc-300 hover:bg-zinc-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-400 disabled:opacity-40"
    >
      {children}
    </button>
  );
}
