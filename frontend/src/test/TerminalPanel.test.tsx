import { act, fireEvent, render, screen } from "@testing-library/react";
import { useEffect } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { XtermHandle } from "@/components/terminal/XtermView";
import { jsonResponse, mockFetch, problem } from "./helpers";

/** A fake xterm: records what is written, lets the test type. */
const written: string[] = [];
let typed: ((data: string) => void) | null = null;
const fakeXterm: XtermHandle = {
  write: (data, callback) => {
    written.push(typeof data === "string" ? data : new TextDecoder().decode(data));
    callback?.();
  },
  reset: () => written.splice(0),
  focus: () => {},
  cols: 100,
  rows: 30,
  onData: (l) => {
    typed = l;
    return () => (typed = null);
  },
  onBinary: () => () => {},
  onResize: () => () => {},
  setReadOnly: () => {},
};

vi.mock("next/dynamic", () => ({
  default: () =>
    function FakeXterm({ onReady }: { onReady: (h: XtermHandle | null) => void }) {
      useEffect(() => {
        onReady(fakeXterm);
        return () => onReady(null);
      }, [onReady]);
      return <div data-testid="fake-xterm" />;
    },
}));

class FakeSocket {
  static instances: FakeSocket[] = [];
  static OPEN = 1;
  readyState = 0;
  binaryType = "blob";
  sent: Uint8Array[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: ArrayBuffer }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: Uint8Array) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(type: number, body: string) {
    const bytes = new TextEncoder().encode(body);
    const frame = new Uint8Array(bytes.length + 1);
    frame[0] = type;
    frame.set(bytes, 1);
    this.onmessage?.({ data: frame.buffer });
  }
}

const { TerminalPanel } = await import("@/components/terminal/TerminalPanel");

describe("TerminalPanel", () => {
  beforeEach(() => {
    sessionStorage.clear();
    sessionStorage.setItem("cp.accessToken", "t");
    FakeSocket.instances = [];
    written.splice(0);
    vi.stubGlobal("WebSocket", FakeSocket);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("connects right after opening the session, follows the socket's status, relays input and output, and restarts after exit", async () => {
    const calls = mockFetch((req) => {
      if (req.url === "/api/workspaces/w1/sessions") return jsonResponse(201, { sessionId: "s1", status: "starting" });
      if (req.url === "/api/sessions/s1/terminal-ticket") return jsonResponse(200, { ticket: `tk${FakeSocket.instances.length}`, mayType: true });
      return problem(404, "NOT_FOUND", req.url);
    });
    render(<TerminalPanel workspaceId="w1" />);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(sessionStorage.getItem("cp.session.w1")).toBe("s1");
    // no waiting for the environment: the socket opens while it starts
    expect(FakeSocket.instances).toHaveLength(1);
    const socket = FakeSocket.instances[0]!;
    expect(socket.url).toBe("ws://localhost:3000/api/terminal/ws/s1?ticket=tk0");
    expect(screen.getByTestId("terminal-status")).toHaveTextContent("Connecting to the shell…");
    act(() => socket.open());
    // the first frame says how big the terminal is
    expect(socket.sent[0]![0]).toBe(0x01);
    expect(JSON.parse(new TextDecoder().decode(socket.sent[0]!.subarray(1)))).toEqual({ cols: 100, rows: 30 });

    act(() => socket.receive(0x01, JSON.stringify({ type: "status", status: "starting" })));
    expect(screen.getByTestId("terminal-status")).toHaveTextContent("Starting the environment…");
    // typed while starting: sent at once, the server keeps it until the shell runs
    act(() => typed?.("ls\r"));
    expect([...socket.sent[1]!]).toEqual([0x00, ...new TextEncoder().encode("ls\r")]);

    act(() => socket.receive(0x01, JSON.stringify({ type: "status", status: "ready" })));
    expect(screen.getByTestId("terminal-status")).toHaveTextContent("Connected");
    act(() => socket.receive(0x00, "main.py\r\n"));
    expect(written).toContain("main.py\r\n");
    expect(calls.some((c) => c.url === "/api/sessions/s1")).toBe(false);

    act(() => socket.receive(0x01, JSON.stringify({ type: "exit", code: 0 })));
    act(() => socket.onclose?.());
    expect(screen.getByTestId("terminal-status")).toHaveTextContent("The shell exited with code 0.");
    fireEvent.click(screen.getByRole("button", { name: "Restart shell" }));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(FakeSocket.instances).toHaveLength(2);
    expect(calls.filter((c) => c.url.endsWith("/terminal-ticket"))).toHaveLength(2);
  });

  it("reuses the remembered session after a reload", async () => {
    sessionStorage.setItem("cp.session.w1", "s-old");
    const calls = mockFetch((req) => {
      if (req.url === "/api/sessions/s-old")
        return jsonResponse(200, { sessionId: "s-old", workspaceId: "w1", status: "ready", step: "files-synced", reason: null, version: 4 });
      if (req.url === "/api/sessions/s-old/terminal-ticket") return jsonResponse(200, { ticket: "tk", mayType: true });
      return problem(404, "NOT_FOUND", req.url);
    });
    render(<TerminalPanel workspaceId="w1" />);
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(calls.some((c) => c.url.endsWith("/sessions") && c.method === "POST")).toBe(false);
    expect(FakeSocket.instances[0]!.url).toContain("/api/terminal/ws/s-old?ticket=tk");
  });

  it("says why the environment failed, as the socket reports it, and offers a new one", async () => {
    let opened = 0;
    mockFetch((req) => {
      if (req.url === "/api/workspaces/w1/sessions") return jsonResponse(201, { sessionId: `s${++opened}`, status: "starting" });
      if (req.url.endsWith("/terminal-ticket")) return jsonResponse(200, { ticket: "tk", mayType: true });
      return problem(404, "NOT_FOUND", req.url);
    });
    render(<TerminalPanel workspaceId="w1" />);
    await act(() => vi.advanceTimersByTimeAsync(10));
    const socket = FakeSocket.instances[0]!;
    act(() => socket.open());
    act(() => socket.receive(0x01, JSON.stringify({ type: "status", status: "starting" })));
    act(() => socket.receive(0x01, JSON.stringify({ type: "status", status: "failed", reason: "bubblewrap is not installed" })));
    act(() => socket.onclose?.());
    expect(screen.getByTestId("terminal-status")).toHaveTextContent(
      "The environment could not be started: bubblewrap is not installed",
    );
    expect(sessionStorage.getItem("cp.session.w1")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Start a new environment" }));
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(opened).toBe(2);
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it("says that the environment stopped, with the socket's reason", async () => {
    mockFetch((req) => {
      if (req.url === "/api/workspaces/w1/sessions") return jsonResponse(201, { sessionId: "s1", status: "starting" });
      if (req.url.endsWith("/terminal-ticket")) return jsonResponse(200, { ticket: "tk", mayType: true });
      return problem(404, "NOT_FOUND", req.url);
    });
    render(<TerminalPanel workspaceId="w1" />);
    await act(() => vi.advanceTimersByTimeAsync(10));
    const socket = FakeSocket.instances[0]!;
    act(() => socket.open());
    act(() => socket.receive(0x01, JSON.stringify({ type: "status", status: "stopped", reason: "closed by its owner" })));
    act(() => socket.onclose?.());
    expect(screen.getByTestId("terminal-status")).toHaveTextContent("The environment stopped: closed by its owner");
    expect(screen.getByRole("button", { name: "Start a new environment" })).toBeInTheDocument();
  });

  it("asks the session why when the socket was refused without a word", async () => {
    mockFetch((req) => {
      if (req.url === "/api/workspaces/w1/sessions") return jsonResponse(201, { sessionId: "s1", status: "starting" });
      if (req.url.endsWith("/terminal-ticket")) return jsonResponse(200, { ticket: "tk", mayType: true });
      if (req.url === "/api/sessions/s1")
        return jsonResponse(200, { sessionId: "s1", workspaceId: "w1", status: "failed", step: "requested", reason: "no sandbox", version: 3 });
      return problem(404, "NOT_FOUND", req.url);
    });
    render(<TerminalPanel workspaceId="w1" />);
    await act(() => vi.advanceTimersByTimeAsync(10));
    act(() => FakeSocket.instances[0]!.onclose?.());
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(screen.getByTestId("terminal-status")).toHaveTextContent("The environment could not be started: no sandbox");
  });

  it("explains too many sessions", async () => {
    mockFetch(() => problem(429, "TOO_MANY_SESSIONS", "at most 20 sessions may be open at once"));
    render(<TerminalPanel workspaceId="w1" />);
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(screen.getByTestId("terminal-status")).toHaveTextContent(/too many terminals open/);
  });
});
