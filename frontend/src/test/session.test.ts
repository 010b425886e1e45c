import { describe, expect, it, vi } from "vitest";
import { ApiError, type Session } from "@/lib/api";
import { acquireSession, sessionKey } from "@/lib/session";

const session = (status: Session["status"], workspaceId = "w"): Session => ({
  sessionId: "s-old",
  workspaceId,
  status,
  step: null,
  reason: null,
  version: 1,
});

describe("acquireSession", () => {
  it("reuses the remembered session while it is ready or starting", async () => {
    sessionStorage.setItem(sessionKey("w"), "s-old");
    const io = { getSession: vi.fn(async () => session("ready")), openSession: vi.fn() };
    await expect(acquireSession("w", io, sessionStorage)).resolves.toMatchObject({ sessionId: "s-old", reused: true });
    expect(io.openSession).not.toHaveBeenCalled();
  });

  it.each(["stopped", "failed"] as const)("opens a new session when the old one is %s", async (status) => {
    sessionStorage.setItem(sessionKey("w"), "s-old");
    const io = {
      getSession: vi.fn(async () => session(status)),
      openSession: vi.fn(async () => ({ sessionId: "s-new", status: "starting" as const })),
    };
    await expect(acquireSession("w", io, sessionStorage)).resolves.toMatchObject({ sessionId: "s-new", reused: false });
    expect(sessionStorage.getItem(sessionKey("w"))).toBe("s-new");
  });

  it("opens a new session when the old one is unknown (404)", async () => {
    sessionStorage.setItem(sessionKey("w"), "s-old");
    const io = {
      getSession: vi.fn(async () => Promise.reject(new ApiError(404, { code: "SESSION_NOT_FOUND" }))),
      openSession: vi.fn(async () => ({ sessionId: "s-new", status: "starting" as const })),
    };
    await expect(acquireSession("w", io, sessionStorage)).resolves.toMatchObject({ sessionId: "s-new" });
  });

  it("opens a session when none is remembered, and says when there are too many", async () => {
    sessionStorage.clear();
    const io = {
      getSession: vi.fn(),
      openSession: vi.fn(async () => Promise.reject(new ApiError(429, { code: "TOO_MANY_SESSIONS" }))),
    };
    await expect(acquireSession("w", io, sessionStorage)).rejects.toMatchObject({ status: 429 });
    expect(io.getSession).not.toHaveBeenCalled();
  });
});
