/**
 * Autosave for open files: each edit is written after a quiet period (debounce) with the version the editor's
 * content is based on, so a change made elsewhere in the meantime comes back as a conflict instead of being
 * overwritten. A conflict waits for the user: keep mine (write again on top of the current version) or take
 * theirs (reload).
 */
import { ApiError, type FileRead, type Written } from "./api";
import { describeError } from "./messages";
import { isWithin, movedPath } from "./paths";

export type SaveStatus = "saved" | "pending" | "saving" | "conflict" | "error";

export interface FileState {
  path: string;
  /** What the editor shows. */
  content: string;
  /** What the server has, as far as we know. */
  savedContent: string;
  /** The version `savedContent` was written at: the next write's baseVersion. */
  baseVersion: number;
  status: SaveStatus;
  error: string | null;
  /** From the 409: the workspace's version when the conflict was found. */
  conflictVersion: number | null;
  /** The file disappeared from the workspace (deleted elsewhere); the next edit writes it again. */
  deleted: boolean;
  /** Write even if the content equals what was saved (keep mine after a conflict). */
  force: boolean;
}

export interface FileIO {
  write(path: string, content: string, baseVersion: number | undefined): Promise<Written>;
  read(path: string): Promise<FileRead>;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Retry after failures that may pass (network, server busy); not after refusals such as "too large". */
function retryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status >= 500 || error.code === "NOT_YET_VISIBLE" || error.status === 429;
}

export class FileSaver {
  private readonly files = new Map<string, FileState>();
  private readonly timers = new Map<string, unknown>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly listeners = new Set<() => void>();
  private snapshot: ReadonlyMap<string, FileState> = new Map();

  constructor(
    private readonly io: FileIO,
    readonly delayMs = 800,
    private readonly clock: Timers = realTimers,
    readonly retryMs = 3000,
  ) {}

  // ------------------------------------------------------------------------------------------------ observation

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** An immutable view that changes identity whenever a status changes (for useSyncExternalStore). */
  getSnapshot = (): ReadonlyMap<string, FileState> => this.snapshot;

  private changed(): void {
    this.snapshot = new Map([...this.files].map(([k, v]) => [k, { ...v }]));
    for (const l of this.listeners) l();
  }

  get(path: string): FileState | undefined {
    return this.files.get(path);
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** True while anything is unsaved or being saved. */
  get busy(): boolean {
    for (const f of this.files.values()) if (f.status === "pending" || f.status === "saving") return true;
    return false;
  }

  // --------------------------------------------------------------------------------------------------- changes

  /** Starts tracking a file just read from the server. */
  open(path: string, content: string, version: number): void {
    this.files.set(path, {
      path,
      content,
      savedContent: content,
      baseVersion: version,
      status: "saved",
      error: null,
      conflictVersion: null,
      deleted: false,
      force: false,
    });
    this.changed();
  }

  /** The editor's content changed. */
  edit(path: string, content: string): void {
    const file = this.files.get(path);
    if (!file) return;
    file.content = content;
    if (file.status === "conflict") return; // the user decides first
    if (file.status === "saving") return; // flush() picks the newer content up when the write returns
    if (content === file.savedContent && !file.deleted && !file.force) {
      this.cancel(path);
      this.setStatus(file, "saved");
      return;
    }
    this.setStatus(file, "pending");
    this.schedule(path, this.delayMs);
  }

  private setStatus(file: FileState, status: SaveStatus, error: string | null = null): void {
    if (file.status === status && file.error === error) return;
    file.status = status;
    file.error = error;
    this.changed();
  }

  private cancel(path: string): void {
    const t = this.timers.get(path);
    if (t !== undefined) {
      this.clock.clear(t);
      this.timers.delete(path);
    }
  }

  private schedule(path: string, ms: number): void {
    this.cancel(path);
    this.timers.set(
      path,
      this.clock.set(() => {
        this.timers.delete(path);
        void this.flush(path);
      }, ms),
    );
  }

  /** Writes the file now if it has unsaved content; resolves when that write (and any follow-up) is done. */
  async flush(path: string): Promise<void> {
    this.cancel(path);
    const running = this.inflight.get(path);
    if (running) {
      await running;
      const file = this.files.get(path);
      if (file && file.status === "pending") return this.flush(path);
      return;
    }
    const file = this.files.get(path);
    if (!file || file.status === "conflict") return;
    if (file.content === file.savedContent && !file.deleted && !file.force) {
      this.setStatus(file, "saved");
      return;
    }
    const work = this.write(file);
    this.inflight.set(path, work);
    try {
      await work;
    } finally {
      this.inflight.delete(path);
    }
    const after = this.files.get(file.path);
    if (after && after.status === "pending") await this.flush(after.path);
  }

  private async write(file: FileState): Promise<void> {
    const content = file.content;
    this.setStatus(file, "saving");
    try {
      const written = await this.io.write(file.path, content, file.deleted ? undefined : file.baseVersion);
      file.savedContent = content;
      file.baseVersion = written.version;
      file.deleted = false;
      file.force = false;
      file.conflictVersion = null;
      this.setStatus(file, file.content === content ? "saved" : "pending");
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.code === "VERSION_CONFLICT") {
        const current = Number(error.problem.currentVersion);
        file.conflictVersion = Number.isFinite(current) ? current : null;
        this.setStatus(file, "conflict");
        return;
      }
      this.setStatus(file, "error", describeError(error, "file"));
      if (retryable(error) && !(error instanceof ApiError && error.status === 401)) {
        this.schedule(file.path, this.retryMs);
      }
    }
  }

  /** Resolves a conflict by writing the editor's content on top of the version the server reported. */
  async keepMine(path: string): Promise<void> {
    const file = this.files.get(path);
    if (!file || file.status !== "conflict") return;
    if (file.conflictVersion !== null) file.baseVersion = file.conflictVersion;
    else file.deleted = true; // no version to build on: write unconditionally
    file.conflictVersion = null;
    file.force = true;
    this.setStatus(file, "pending");
    await this.flush(path);
  }

  /** Resolves a conflict (or refreshes a file) by reloading the server's content; answers that content. */
  async takeTheirs(path: string): Promise<string | undefined> {
    const file = this.files.get(path);
    if (!file) return undefined;
    this.cancel(path);
    const read = await this.io.read(path);
    const current = this.files.get(path);
    if (!current) return undefined;
    current.content = read.content;
    current.savedContent = read.content;
    current.baseVersion = read.version;
    current.conflictVersion = null;
    current.deleted = false;
    current.force = false;
    current.status = "saved";
    current.error = null;
    this.changed();
    return read.content;
  }

  /**
   * The tree says the file is now at `version`: if the editor has nothing unsaved, reload it and answer the new
   * content; otherwise leave it (the next write will report the conflict).
   */
  async externalChange(path: string, version: number): Promise<string | undefined> {
    const file = this.files.get(path);
    if (!file || file.status !== "saved" || file.content !== file.savedContent) return undefined;
    if (version <= file.baseVersion) return undefined;
    return this.takeTheirs(path);
  }

  /** The file is gone from the workspace. */
  markDeleted(path: string): void {
    const file = this.files.get(path);
    if (!file || file.deleted) return;
    file.deleted = true;
    this.changed();
  }

  /** Follows a move of `from` (a file or a folder) to `to`. */
  moved(from: string, to: string, version: number): void {
    const moves: Array<[string, FileState]> = [];
    for (const [path, state] of this.files) {
      if (isWithin(path, from)) moves.push([path, state]);
    }
    for (const [path, state] of moves) {
      this.cancel(path);
      this.files.delete(path);
      const next = movedPath(path, from, to);
      state.path = next;
      // the move (our own, made after flushing) is now the version the moved files are based on
      state.baseVersion = Math.max(state.baseVersion, version);
      this.files.set(next, state);
      if (state.status === "pending") this.schedule(next, this.delayMs);
    }
    if (moves.length) this.changed();
  }

  /** Stops tracking a file, saving what is unsaved first. */
  async close(path: string): Promise<void> {
    const file = this.files.get(path);
    if (!file) return;
    if (file.status === "pending" || file.status === "saving" || file.status === "error") await this.flush(path);
    this.cancel(path);
    this.files.delete(path);
    this.changed();
  }

  /** Stops tracking without saving (the file was deleted on purpose). */
  forget(path: string): void {
    for (const p of [...this.files.keys()]) {
      if (isWithin(p, path)) {
        this.cancel(p);
        this.files.delete(p);
      }
    }
    this.changed();
  }

  async flushAll(): Promise<void> {
    await Promise.all([...this.files.keys()].map((p) => this.flush(p)));
  }

  dispose(): void {
    for (const t of this.timers.values()) this.clock.clear(t);
    this.timers.clear();
    this.listeners.clear();
  }
}

export function statusLabel(file: FileState | undefined): string {
  if (!file) return "";
  switch (file.status) {
    case "saved":
      return file.deleted ? "Deleted elsewhere" : "Saved";
    case "pending":
    case "saving":
      return "Saving…";
    case "conflict":
      return "Conflict";
    case "error":
      return `Not saved: ${file.error ?? "error"}`;
  }
}
