"use client";

/**
 * The terminal: finds or opens the workspace's session, shows its start-up steps, then connects xterm to the
 * session's shell over the terminal WebSocket. Survives reloads (the session id is remembered per workspace in
 * sessionStorage and the server replays recent output), and offers a way on after every ending: restart the shell,
 * reconnect, or start a new environment.
 */
import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api, terminalSocketUrl, type Session } from "@/lib/api";
import { FlowControl, decodeFrame, encodeBinaryInput, encodeInput, encodeResize } from "@/lib/frames";
import { describeError } from "@/lib/messages";
import { STEPS, acquireSession, forgetSession, stepsDone } from "@/lib/session";
import { plainButton, primaryButton } from "../Dialog";
import type { XtermHandle } from "./XtermView";

const XtermView = dynamic(() => import("./XtermView"), {
  ssr: false,
  loading: () => <p className="p-3 text-sm text-zinc-400">Loading terminal…</p>,
});

export type Phase =
  | { kind: "acquiring" }
  | { kind: "starting"; step: string | null }
  | { kind: "connecting" }
  | { kind: "connected"; mayType: boolean }
  | { kind: "exited"; code: number }
  | { kind: "disconnected" }
  | { kind: "failed"; reason: string }
  | { kind: "stopped"; reason: string | null }
  | { kind: "error"; message: string };

const POLL_MS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function phaseText(phase: Phase): string {
  switch (phase.kind) {
    case "acquiring":
      return "Opening a session…";
    case "starting":
      return `Starting the environment (${stepsDone(phase.step)} of ${STEPS.length} steps done)…`;
    case "connecting":
      return "Connecting to the shell…";
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
  const [ready, setReady] = useState(false);
  const onSessionRef = useRef(onSession);
  onSessionRef.current = onSession;

  // 1. find or open the session and wait until its environment is ready
  useEffect(() => {
    const abort = new AbortController();
    setReady(false);
    setSessionId(null);
    (async () => {
      try {
        setPhase({ kind: "acquiring" });
        const acquired = await acquireSession(workspaceId);
        if (abort.signal.aborted) return;
        setSessionId(acquired.sessionId);
        onSessionRef.current?.(acquired.sessionId);
        let session: Session | null = acquired.session;
        for (;;) {
          if (!session) session = await api.getSession(acquired.sessionId, abort.signal);
          if (abort.signal.aborted) return;
          if (session.status === "ready") break;
          if (session.status === "failed") {
            forgetSession(workspaceId);
            setPhase({ kind: "failed", reason: session.reason || "no reason was given" });
            return;
          }
          if (session.status === "stopped") {
            forgetSession(workspaceId);
            setPhase({ kind: "stopped", reason: session.reason });
            return;
          }
          setPhase({ kind: "starting", step: session.step });
          await sleep(POLL_MS);
          session = null;
        }
        setReady(true);
      } catch (error) {
        if (abort.signal.aborted || (error instanceof DOMException && error.name === "AbortError")) return;
        setPhase({ kind: "error", message: describeError(error, "session") });
      }
    })();
    return () => abort.abort();
  }, [workspaceId, generation]);

  // 2. once ready and xterm is loaded: a ticket, then the socket
  useEffect(() => {
    if (!ready || !sessionId || !xterm) return;
    let socket: WebSocket | null = null;
    let closedByUs = false;
    /** The shell exited or the server reported an error: the close that follows needs no explanation. */
    let ended = false;
    const disposers: Array<() => void> = [];
    const send = (frame: Uint8Array) => {
      if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
    };
    const flow = new FlowControl(send);

    (async () => {
      setPhase({ kind: "connecting" });
      let ticket;
      try {
        ticket = await api.terminalTicket(sessionId);
      } catch (error) {
        if (closedByUs) return;
        if (error instanceof ApiError && (error.code === "SESSION_CLOSED" || error.status === 404)) {
          forgetSession(workspaceId);
          setPhase({ kind: "stopped", reason: null });
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
      socket.onopen = () => {
        setPhase({ kind: "connected", mayType: ticket.mayType });
        send(encodeResize(xterm.cols, xterm.rows));
      };
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
          if (event.type === "exit") {
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
              forgetSession(workspaceId);
              setPhase(s.status === "failed" ? { kind: "failed", reason: s.reason || "no reason was given" } : { kind: "stopped", reason: s.reason });
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
  }, [ready, sessionId, xterm, connection, workspaceId]);

  const reconnect = useCallback(() => setConnection((n) => n + 1), []);
  const newEnvironment = useCallback(() => {
    forgetSession(workspaceId);
    setGeneration((n) => n + 1);
  }, [workspaceId]);

  const done = phase.kind === "starting" ? stepsDone(phase.step) : phase.kind === "acquiring" ? 0 : ready ? STEPS.length : 0;
  const showSteps = phase.kind === "acquiring" || phase.kind === "starting";
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
      {showSteps && (
        <ol aria-label="Environment start-up" className="flex flex-wrap gap-3 px-3 py-2 text-xs">
          {STEPS.map((s, i) => {
            const state = i < done ? "done" : i === done ? "current" : "todo";
            return (
              <li
                key={s.id}
                aria-current={state === "current" ? "step" : undefined}
                className={state === "done" ? "text-emerald-400" : state === "current" ? "text-sky-300" : "text-zinc-500"}
              >
                <span aria-hidden="true">{state === "done" ? "✓ " : state === "current" ? "… " : "○ "}</span>
                {s.label}
                <span className="sr-only">{state === "done" ? " (done)" : state === "current" ? " (in progress)" : " (to do)"}</span>
              </li>
            );
          })}
        </ol>
      )}
      <div className="min-h-0 flex-1">
        <XtermView onReady={setXterm} label="Terminal input" />
      </div>
    </section>
  );
}
