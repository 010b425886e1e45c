"use client";

/**
 * The terminal: finds or opens the workspace's session and connects xterm to it over the terminal WebSocket at once,
 * while the environment may still be starting: the socket reports the session's status (starting, ready, or how it
 * ended) and the shell's output follows `ready`; what is typed meanwhile reaches the shell once it runs. Survives
 * reloads (the session id is remembered per workspace in sessionStorage and the server replays recent output), and
 * offers a way on after every ending: restart the shell, reconnect, or start a new environment.
 */
import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api, terminalSocketUrl } from "@/lib/api";
import { FlowControl, decodeFrame, encodeBinaryInput, encodeInput, encodeResize, socketStatus } from "@/lib/frames";
import { describeError } from "@/lib/messages";
import { acquireSession, forgetSession } from "@/lib/session";
import { plainButton, primaryButton } from "../Dialog";
import type { XtermHandle } from "./XtermView";

const XtermView = dynamic(() => import("./XtermView"), {
  ssr: false,
  loading: () => <p className="p-3 text-sm text-zinc-400">Loading terminal…</p>,
});

export type Phase =
  | { kind: "acquiring" }
  | { kind: "connecting" }
  | { kind: "starting" }
  | { kind: "connected"; mayType: boolean }
  | { kind: "exited"; code: number }
  | { kind: "disconnected" }
  | { kind: "failed"; reason: string }
  | { kind: "stopped"; reason: string | null }
  | { kind: "error"; message: string };

export function phaseText(phase: Phase): string {
  switch (phase.kind) {
    case "acquiring":
      return "Opening a session…";
    case "connecting":
      return "Connecting to the shell…";
    case "starting":
      return "Starting the environment…";
    case "connected":
      return phase.mayType ? "Connected" : "Connected (watching only)";
    case "exited":
      return `The shell exited with code ${phase.code}.`;
    case "disconnected":
      return "The connection to the shell was lost.";
    case "failed":
      return `The environment could not be started: ${phase.reason}`;
    case "stopped":
      return phase.reason ? `The environment stopped: ${phase.reason}` : "The environment stopped.";
    case "error":
      return phase.message;
  }
}

interface Props {
  workspaceId: string;
  /** Called with the session id once it is known (for the page's own use, e.g. tests and diagnostics). */
  onSession?: (sessionId: string | null) => void;
}

export function TerminalPanel({ workspaceId, onSession }: Props) {
  const [phase, setPhase] = useState<Phase>({ kind: "acquiring" });
  const [xterm, setXterm] = useState<XtermHandle | null>(null);
  const [sessionId, setSessionId] = useState<string | null>(null);
  /** Bumped to open a new session (after a failure or a stop). */
  const [generation, setGeneration] = useState(0);
  /** Bumped to connect again to the same session (restart shell, reconnect). */
  const [connection, setConnection] = useState(0);
  const onSessionRef = useRef(onSession);
  onSessionRef.current = onSession;

  // 1. find or open the session
  useEffect(() => {
    const abort = new AbortController();
    setSessionId(null);
    (async () => {
      try {
        setPhase({ kind: "acquiring" });
        const acquired = await acquireSession(workspaceId);
        if (abort.signal.aborted) return;
        setSessionId(acquired.sessionId);
        onSessionRef.current?.(acquired.sessionId);
      } catch (error) {
        if (abort.signal.aborted) return;
        setPhase({ kind: "error", message: describeError(error, "session") });
      }
    })();
    return () => abort.abort();
  }, [workspaceId, generation]);

  // 2. once the session is known and xterm is loaded, without waiting for the environment: a ticket, then the socket
  useEffect(() => {
    if (!sessionId || !xterm) return;
    let socket: WebSocket | null = null;
    let closedByUs = false;
    /** The shell exited, the session ended or the server reported an error: the close that follows needs no explanation. */
    let ended = false;
    const disposers: Array<() => void> = [];
    const send = (frame: Uint8Array) => {
      if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
    };
    const flow = new FlowControl(send);
    /** A failed or stopped session gets no shell any more: the next attempt opens a new one. */
    const sessionEnded = (status: "failed" | "stopped", reason: string | null) => {
      forgetSession(workspaceId);
      setPhase(status === "failed" ? { kind: "failed", reason: reason || "no reason was given" } : { kind: "stopped", reason });
    };

    (async () => {
      setPhase({ kind: "connecting" });
      let ticket;
      try {
        ticket = await api.terminalTicket(sessionId);
      } catch (error) {
        if (closedByUs) return;
        if (error instanceof ApiError && (error.code === "SESSION_CLOSED" || error.status === 404)) {
          sessionEnded("stopped", null);
        } else {
          setPhase({ kind: "error", message: describeError(error, "session") });
        }
        return;
      }
      if (closedByUs) return;
      // the server replays recent output to every new viewer: start from a clean screen
      xterm.reset();
      xterm.setReadOnly(!ticket.mayType);
      socket = new WebSocket(terminalSocketUrl(sessionId, ticket.ticket));
      socket.binaryType = "arraybuffer";
      // typed input and the size go out from the start: the server keeps them until the shell runs
      socket.onopen = () => send(encodeResize(xterm.cols, xterm.rows));
      socket.onmessage = (message) => {
        if (!(message.data instanceof ArrayBuffer)) return;
        const frame = decodeFrame(message.data);
        if (!frame) return;
        if (frame.kind === "output") {
          const bytes = frame.data.length;
          flow.queued(bytes);
          xterm.write(frame.data, () => flow.written(bytes));
        } else if (frame.kind === "event") {
          const event = frame.event;
          const status = socketStatus(event);
          if (status?.status === "starting") {
            setPhase({ kind: "starting" });
          } else if (status?.status === "ready") {
            setPhase({ kind: "connected", mayType: ticket.mayType });
          } else if (status?.status === "failed" || status?.status === "stopped") {
            ended = true;
            sessionEnded(status.status, status.reason);
          } else if (event.type === "exit") {
            ended = true;
            setPhase({ kind: "exited", code: Number(event.code) });
          } else if (event.type === "error") {
            ended = true;
            setPhase({ kind: "error", message: String(event.message ?? "The terminal failed.") });
          }
        }
      };
      socket.onclose = () => {
        if (closedByUs || ended) return;
        // say why: the environment may have stopped or failed in the meantime
        void api
          .getSession(sessionId)
          .then((s) => {
            if (s.status === "stopped" || s.status === "failed") {
              sessionEnded(s.status, s.reason);
            } else {
              setPhase({ kind: "disconnected" });
            }
          })
          .catch(() => setPhase({ kind: "disconnected" }));
      };
      disposers.push(
        xterm.onData((data) => send(encodeInput(data))),
        xterm.onBinary((data) => send(encodeBinaryInput(data))),
        xterm.onResize(({ cols, rows }) => send(encodeResize(cols, rows))),
      );
    })();

    return () => {
      closedByUs = true;
      disposers.forEach((d) => d());
      socket?.close();
    };
  }, [sessionId, xterm, connection, workspaceId]);

  const reconnect = useCallback(() => setConnection((n) => n + 1), []);
  const newEnvironment = useCallback(() => {
    forgetSession(workspaceId);
    setGeneration((n) => n + 1);
  }, [workspaceId]);

  const problem = phase.kind === "failed" || phase.kind === "stopped" || phase.kind === "error";

  return (
    <section aria-label="Terminal" className="flex h-full min-h-0 flex-col bg-zinc-950">
      <div className="flex items-center gap-2 border-b border-zinc-800 px-3 py-1 text-xs">
        <h2 className="font-semibold uppercase tracking-wide text-zinc-400">Terminal</h2>
        <p role="status" aria-live="polite" className={problem ? "flex-1 text-red-300" : "flex-1 text-zinc-400"} data-testid="terminal-status">
          {phaseText(phase)}
        </p>
        {phase.kind === "exited" && (
          <button type="button" className={primaryButton} onClick={reconnect}>
            Restart shell
          </button>
        )}
        {phase.kind === "disconnected" && (
          <button type="button" className={primaryButton} onClick={reconnect}>
            Reconnect
          </button>
        )}
        {(problem || phase.kind === "disconnected") && (
          <button type="button" className={plainButton} onClick={newEnvironment}>
            Start a new environment
          </button>
        )}
      </div>
      <div className="min-h-0 flex-1">
        <XtermView onReady={setXterm} label="Terminal input" />
      </div>
    </section>
  );
}
