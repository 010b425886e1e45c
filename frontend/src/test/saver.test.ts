import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, type FileRead, type Written } from "@/lib/api";
import { FileSaver, statusLabel, type FileIO } from "@/lib/saver";

interface Server {
  files: Map<string, { content: string; version: number }>;
  version: number;
  writes: Array<{ path: string; content: string; baseVersion: number | undefined }>;
}

/** A tiny in-memory server with the platform's write rule (409 when the file changed after baseVersion). */
function fakeServer(): { server: Server; io: FileIO } {
  const server: Server = { files: new Map(), version: 1, writes: [] };
  const io: FileIO = {
    async write(path, content, baseVersion): Promise<Written> {
      server.writes.push({ path, content, baseVersion });
      const current = server.files.get(path);
      if (current && current.content === content) return { path, version: server.version, hash: "h" };
      if (baseVersion !== undefined && (baseVersion > server.version || (current && current.version > baseVersion))) {
        throw new ApiError(409, { code: "VERSION_CONFLICT", currentVersion: server.version, path, status: 409 });
      }
      server.version += 1;
      server.files.set(path, { content, version: server.version });
      return { path, version: server.version, hash: "h" };
    },
    async read(path): Promise<FileRead> {
      const f = server.files.get(path);
      if (!f) throw new ApiError(404, { code: "FILE_NOT_FOUND" });
      return { content: f.content, version: f.version, etag: null };
    },
  };
  return { server, io };
}

/** Someone else writes the file. */
function writeElsewhere(server: Server, path: string, content: string) {
  server.version += 1;
  server.files.set(path, { content, version: server.version });
}

describe("FileSaver", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("saves after a quiet period, once for a burst of edits", async () => {
    const { server, io } = fakeServer();
    writeElsewhere(server, "a.py", "");
    const saver = new FileSaver(io, 800);
    saver.open("a.py", "", 2);
    saver.edit("a.py", "p");
    saver.edit("a.py", "pr");
    saver.edit("a.py", "print(1)");
    expect(statusLabel(saver.get("a.py"))).toBe("Saving…");
    await vi.advanceTimersByTimeAsync(799);
    expect(server.writes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.writes).toEqual([{ path: "a.py", content: "print(1)", baseVersion: 2 }]);
    expect(statusLabel(saver.get("a.py"))).toBe("Saved");
    expect(saver.get("a.py")!.baseVersion).toBe(3);
  });

  it("uses each write's version as the next base version", async () => {
    const { server, io } = fakeServer();
    writeElsewhere(server, "a.py", "");
    const saver = new FileSaver(io, 100);
    saver.open("a.py", "", 2);
    saver.edit("a.py", "1");
    await vi.advanceTimersByTimeAsync(100);
    saver.edit("a.py", "12");
    await vi.advanceTimersByTimeAsync(100);
    expect(server.writes.map((w) => w.baseVersion)).toEqual([2, 3]);
    expect(server.files.get("a.py")!.content).toBe("12");
  });

  it("goes back to Saved without writing when an edit is undone", async () => {
    const { server, io } = fakeServer();
    const saver = new FileSaver(io, 100);
    saver.open("a.py", "x", 1);
    saver.edit("a.py", "xy");
    saver.edit("a.py", "x");
    await vi.advanceTimersByTimeAsync(500);
    expect(server.writes).toHaveLength(0);
    expect(saver.get("a.py")!.status).toBe("saved");
  });

  it("reports a conflict and keeps mine on top of the server's current version", async () => {
    const { server, io } = fakeServer();
    writeElsewhere(server, "a.py", "base");
    const saver = new FileSaver(io, 100);
    saver.open("a.py", "base", 2);
    writeElsewhere(server, "a.py", "theirs"); // version 3
    saver.edit("a.py", "mine");
    await vi.advanceTimersByTimeAsync(100);
    const state = saver.get("a.py")!;
    expect(state.status).toBe("conflict");
    expect(statusLabel(state)).toBe("Conflict");
    expect(state.conflictVersion).toBe(3);
    // edits during a conflict do not write
    saver.edit("a.py", "mine!");
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.writes).toHaveLength(1);
    await saver.keepMine("a.py");
    expect(server.writes[1]).toEqual({ path: "a.py", content: "mine!", baseVersion: 3 });
    expect(server.files.get("a.py")!.content).toBe("mine!");
    expect(saver.get("a.py")!.status).toBe("saved");
  });

  it("takes theirs by reloading the server's content and version", async () => {
    const { server, io } = fakeServer();
    writeElsewhere(server, "a.py", "base");
    const saver = new FileSaver(io, 100);
    saver.open("a.py", "base", 2);
    writeElsewhere(server, "a.py", "theirs");
    saver.edit("a.py", "mine");
    await vi.advanceTimersByTimeAsync(100);
    expect(saver.get("a.py")!.status).toBe("conflict");
    await expect(saver.takeTheirs("a.py")).resolves.toBe("theirs");
    expect(saver.get("a.py")).toMatchObject({ status: "saved", content: "theirs", baseVersion: 3 });
    saver.edit("a.py", "theirs+1");
    await vi.advanceTimersByTimeAsync(100);
    expect(server.files.get("a.py")!.content).toBe("theirs+1");
  });

  it("reloads a clean file changed elsewhere, but never one with unsaved edits", async () => {
    const { server, io } = fakeServer();
    writeElsewhere(server, "a.py", "v2");
    const saver = new FileSaver(io, 100);
    saver.open("a.py", "v2", 2);
    writeElsewhere(server, "a.py", "v3");
    await expect(saver.externalChange("a.py", 3)).resolves.toBe("v3");
    await expect(saver.externalChange("a.py", 3)).resolves.toBeUndefined(); // not newer
    saver.edit("a.py", "local");
    writeElsewhere(server, "a.py", "v4");
    await expect(saver.externalChange("a.py", 4)).resolves.toBeUndefined();
    expect(saver.get("a.py")!.content).toBe("local");
  });

  it("retries after a network error and shows why it is not saved", async () => {
    const { server, io } = fakeServer();
    let fail = true;
    const flaky: FileIO = {
      read: io.read,
      write: async (...args) => {
        if (fail) {
          fail = false;
          throw new ApiError(0, { code: "NETWORK" });
        }
        return io.write(...args);
      },
    };
    writeElsewhere(server, "a.py", "");
    const saver = new FileSaver(flaky, 100, undefined, 1000);
    saver.open("a.py", "", 2);
    saver.edit("a.py", "x");
    await vi.advanceTimersByTimeAsync(100);
    expect(statusLabel(saver.get("a.py"))).toMatch(/^Not saved: The server could not be reached/);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saver.get("a.py")!.status).toBe("saved");
    expect(server.files.get("a.py")!.content).toBe("x");
  });

  it("does not retry a refusal such as a file that is too large", async () => {
    const io: FileIO = {
      read: vi.fn(),
      write: vi.fn(async () => Promise.reject(new ApiError(413, { code: "FILE_TOO_LARGE" }))),
    };
    const saver = new FileSaver(io, 100, undefined, 1000);
    saver.open("a.py", "", 1);
    saver.edit("a.py", "huge");
    await vi.advanceTimersByTimeAsync(5000);
    expect(io.write).toHaveBeenCalledTimes(1);
    expect(statusLabel(saver.get("a.py"))).toMatch(/too large/);
  });

  it("follows a move and writes again without base version after an external delete", async () => {
    const { server, io } = fakeServer();
    writeElsewhere(server, "src/a.py", "x");
    const saver = new FileSaver(io, 100);
    saver.open("src/a.py", "x", 2);
    saver.moved("src", "lib", 5);
    expect(saver.get("lib/a.py")).toMatchObject({ path: "lib/a.py", baseVersion: 5 });
    expect(saver.has("src/a.py")).toBe(false);
    saver.markDeleted("lib/a.py");
    expect(statusLabel(saver.get("lib/a.py"))).toBe("Deleted elsewhere");
    saver.edit("lib/a.py", "y");
    await vi.advanceTimersByTimeAsync(100);
    expect(server.writes.at(-1)).toEqual({ path: "lib/a.py", content: "y", baseVersion: undefined });
  });

  it("saves pending edits when a file is closed", async () => {
    const { server, io } = fakeServer();
    const saver = new FileSaver(io, 800);
    saver.open("a.py", "", 1);
    saver.edit("a.py", "bye");
    await saver.close("a.py");
    expect(server.files.get("a.py")!.content).toBe("bye");
    expect(saver.has("a.py")).toBe(false);
  });

  it("notifies subscribers with a new snapshot on status changes", async () => {
    const { io } = fakeServer();
    const saver = new FileSaver(io, 100);
    const seen: string[] = [];
    saver.subscribe(() => seen.push(saver.getSnapshot().get("a.py")?.status ?? "-"));
    saver.open("a.py", "", 1);
    saver.edit("a.py", "x");
    saver.edit("a.py", "xy"); // no change of status: no notification
    await vi.advanceTimersByTimeAsync(100);
    expect(seen).toEqual(["saved", "pending", "saving", "saved"]);
  });
});
