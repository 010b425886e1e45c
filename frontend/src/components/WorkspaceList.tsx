"use client";

import Link from "next/link";
import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { api, type Workspace } from "@/lib/api";
import { describeError } from "@/lib/messages";
import { forgetSession } from "@/lib/session";
import { logOut, useRequireToken } from "@/lib/useAuth";
import { ConfirmDialog, PromptDialog, plainButton, primaryButton } from "./Dialog";

type Pending = { kind: "rename"; workspace: Workspace } | { kind: "delete"; workspace: Workspace } | null;

export function workspaceHref(id: string): string {
  return `/workspace/?id=${encodeURIComponent(id)}`;
}

export function WorkspaceList() {
  const ready = useRequireToken();
  const [workspaces, setWorkspaces] = useState<Workspace[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [notice, setNotice] = useState("");
  const nameId = useId();

  const load = useCallback(async () => {
    try {
      const list = await api.listWorkspaces();
      list.sort((a, b) => a.name.localeCompare(b.name));
      setWorkspaces(list);
      setError(null);
    } catch (err) {
      setError(describeError(err, "workspace"));
    }
  }, []);

  useEffect(() => {
    if (ready) void load();
  }, [ready, load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError("Enter a name for the new workspace.");
      return;
    }
    setCreating(true);
    try {
      const created = await api.createWorkspace(name.trim());
      setName("");
      setError(null);
      setNotice(`Workspace ${created.name} created.`);
      setWorkspaces((list) => [...(list ?? []), created].sort((a, b) => a.name.localeCompare(b.name)));
    } catch (err) {
      setError(describeError(err, "workspace"));
    } finally {
      setCreating(false);
    }
  };

  if (!ready) return null;

  return (
    <main className="mx-auto max-w-3xl p-6">
      <header className="mb-6 flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Your workspaces</h1>
        <button type="button" className={plainButton} onClick={logOut}>
          Log out
        </button>
      </header>

      <form onSubmit={create} className="mb-6 flex gap-2" aria-label="Create a workspace" noValidate>
        <label htmlFor={nameId} className="sr-only">
          New workspace name
        </label>
        <input
          id={nameId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="New workspace name"
          className="flex-1 rounded border border-zinc-600 bg-zinc-800 px-3 py-2 text-zinc-100 focus:border-sky-500 focus:outline-none"
          autoComplete="off"
        />
        <button type="submit" className={primaryButton} disabled={creating}>
          Create workspace
        </button>
      </form>

      {error && (
        <p role="alert" className="mb-4 rounded border border-red-800 bg-red-950 px-3 py-2 text-sm text-red-200">
          {error}
        </p>
      )}
      <p role="status" className="sr-only">
        {notice}
      </p>

      {workspaces === null ? (
        <p className="text-zinc-400">Loading…</p>
      ) : workspaces.length === 0 ? (
        <p className="text-zinc-400">No workspaces yet. Create one above.</p>
      ) : (
        <ul className="divide-y divide-zinc-800 rounded border border-zinc-700" aria-label="Workspaces">
          {workspaces.map((w) => (
            <li key={w.id} className="flex items-center gap-2 px-4 py-3">
              <Link
                href={workspaceHref(w.id)}
                className="flex-1 truncate text-sky-300 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-400"
                aria-label={`Open workspace ${w.name}`}
              >
                {w.name}
              </Link>
              <button
                type="button"
                className={plainButton}
                aria-label={`Rename workspace ${w.name}`}
                onClick={() => setPending({ kind: "rename", workspace: w })}
              >
                Rename
              </button>
              <button
                type="button"
                className={plainButton}
                aria-label={`Delete workspace ${w.name}`}
                onClick={() => setPending({ kind: "delete", workspace: w })}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}

      {pending?.kind === "rename" && (
        <PromptDialog
          title={`Rename ${pending.workspace.name}`}
          label="New name"
          initialValue={pending.workspace.name}
          confirmLabel="Rename"
          validate={(v) => (v.trim() ? null : "Enter a name.")}
          onCancel={() => setPending(null)}
          onSubmit={async (value) => {
            try {
              const renamed = await api.renameWorkspace(pending.workspace.id, value.trim());
              setWorkspaces((list) =>
                (list ?? []).map((w) => (w.id === renamed.id ? { ...w, name: renamed.name, version: renamed.version } : w)),
              );
              setNotice(`Renamed to ${renamed.name}.`);
              setPending(null);
            } catch (err) {
              return describeError(err, "workspace");
            }
          }}
        />
      )}
      {pending?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete ${pending.workspace.name}?`}
          message="The workspace and all its files will be deleted. This cannot be undone."
          confirmLabel="Delete workspace"
          danger
          onCancel={() => setPending(null)}
          onConfirm={async () => {
            const target = pending.workspace;
            try {
              await api.deleteWorkspace(target.id);
              forgetSession(target.id);
              setWorkspaces((list) => (list ?? []).filter((w) => w.id !== target.id));
              setNotice(`Workspace ${target.name} deleted.`);
              setPending(null);
            } catch (err) {
              setError(describeError(err, "workspace"));
              setPending(null);
            }
          }}
        />
      )}
    </main>
  );
}
