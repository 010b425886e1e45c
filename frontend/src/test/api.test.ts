import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, api, fileUrl, loginUrl, safeNext, setNavigator, setToken, getToken, terminalSocketUrl } from "@/lib/api";
import { jsonResponse, mockFetch, problem } from "./helpers";

describe("api client", () => {
  let navigated: string[];

  beforeEach(() => {
    sessionStorage.clear();
    navigated = [];
    setNavigator((url) => navigated.push(url));
    window.history.replaceState(null, "", "/workspace/?id=w-1");
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("sends the bearer token kept in sessionStorage", async () => {
    setToken("abc.def");
    const calls = mockFetch(() => jsonResponse(200, []));
    await api.listWorkspaces();
    expect(calls[0]!.headers.Authorization).toBe("Bearer abc.def");
    expect(calls[0]!.url).toBe("/api/workspaces");
  });

  it("turns a problem document into an ApiError with its code and detail", async () => {
    setToken("t");
    mockFetch(() => problem(400, "INVALID_NAME", "name must not be blank"));
    const error = await api.createWorkspace(" ").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).code).toBe("INVALID_NAME");
    expect((error as ApiError).message).toBe("name must not be blank");
  });

  it("copes with an error body that is not JSON", async () => {
    mockFetch(() => new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    const error = (await api.listWorkspaces().catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
  });

  it("reports a network failure as status 0 with code NETWORK", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    const error = (await api.listWorkspaces().catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.code).toBe("NETWORK");
  });

  it("sends the user to the login page on a 401, remembering where they were", async () => {
    setToken("expired");
    mockFetch(() => problem(401, "UNAUTHENTICATED", "A valid access token is required"));
    await expect(api.tree("w-1")).rejects.toBeInstanceOf(ApiError);
    expect(navigated).toEqual([`/login/?next=${encodeURIComponent("/workspace/?id=w-1")}`]);
    expect(getToken()).toBeNull();
  });

  it("does not redirect when the login itself answers 401 (wrong password)", async () => {
    const calls = mockFetch(() => problem(401, "UNAUTHENTICATED", "bad credentials"));
    await expect(api.login("ann", "nope")).rejects.toMatchObject({ status: 401 });
    expect(navigated).toEqual([]);
    expect(calls[0]!.headers.Authorization).toBeUndefined();
    expect(JSON.parse(calls[0]!.body as string)).toEqual({ username: "ann", password: "nope" });
  });

  it("encodes each path segment of a file URL, keeping the slashes", () => {
    expect(fileUrl("w 1", "src/my file#1.py")).toBe("/api/workspaces/w%201/files/src/my%20file%231.py");
    expect(fileUrl("w", "a/ü?/b%c")).toBe("/api/workspaces/w/files/a/%C3%BC%3F/b%25c");
    expect(fileUrl("w", "/lead/trail/")).toBe("/api/workspaces/w/files/lead/trail");
  });

  it("writes a file with its base version and raw body", async () => {
    setToken("t");
    const calls = mockFetch(() => jsonResponse(200, { path: "a b.py", version: 7, hash: "h" }));
    const written = await api.writeFile("w", "a b.py", "print(1)\n", 6);
    expect(written.version).toBe(7);
    expect(calls[0]!.method).toBe("PUT");
    expect(calls[0]!.url).toBe("/api/workspaces/w/files/a%20b.py?baseVersion=6");
    expect(new TextDecoder().decode(calls[0]!.body as Uint8Array)).toBe("print(1)\n");
  });

  it("reads a file with the version it was last written at", async () => {
    setToken("t");
    const calls = mockFetch(
      () => new Response("héllo", { status: 200, headers: { "X-Workspace-Version": "12", ETag: '"abc"' } }),
    );
    const read = await api.readFile("w", "dir/x.txt", 12);
    expect(calls[0]!.url).toBe("/api/workspaces/w/files/dir/x.txt?minVersion=12");
    expect(read).toEqual({ content: "héllo", version: 12, etag: '"abc"' });
  });

  it("reports a version conflict with the server's current version", async () => {
    setToken("t");
    mockFetch(() => problem(409, "VERSION_CONFLICT", "x changed", { currentVersion: 9, path: "x" }));
    const error = (await api.writeFile("w", "x", "new", 3).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("VERSION_CONFLICT");
    expect(error.problem.currentVersion).toBe(9);
  });

  it("asks for a typing ticket by default", async () => {
    setToken("t");
    const calls = mockFetch(() => jsonResponse(200, { ticket: "tk", mayType: true }));
    await api.terminalTicket("s-1");
    expect(calls[0]!.url).toBe("/api/sessions/s-1/terminal-ticket");
    expect(JSON.parse(calls[0]!.body as string)).toEqual({ mode: "type" });
  });

  it("builds the terminal socket URL on this origin", () => {
    expect(terminalSocketUrl("s 1", "a+b", { protocol: "http:", host: "localhost:8080" } as Location)).toBe(
      "ws://localhost:8080/api/terminal/ws/s%201?ticket=a%2Bb",
    );
    expect(terminalSocketUrl("s", "t", { protocol: "https:", host: "ide.example" } as Location)).toBe(
      "wss://ide.example/api/terminal/ws/s?ticket=t",
    );
  });

  it("only follows same-site next paths after login", () => {
    expect(safeNext("/workspace/?id=1")).toBe("/workspace/?id=1");
    expect(safeNext("//evil.example/")).toBe("/");
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext("/\\evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
    expect(safeNext("/login/?next=/x")).toBe("/");
    expect(loginUrl("/")).toBe("/login/");
    expect(loginUrl("/workspace/?id=a&b=c")).toBe("/login/?next=%2Fworkspace%2F%3Fid%3Da%26b%3Dc");
  });
});
