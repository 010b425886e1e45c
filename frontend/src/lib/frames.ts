/**
 * The terminal socket's binary frames: the first byte says what a frame is.
 * Client -> server: 0x00 input, 0x01 resize {"cols","rows"}, 0x02 pause, 0x03 resume.
 * Server -> client: 0x00 output bytes, 0x01 event JSON.
 */

export const FRAME_INPUT = 0x00;
export const FRAME_RESIZE = 0x01;
export const FRAME_PAUSE = 0x02;
export const FRAME_RESUME = 0x03;
export const FRAME_OUTPUT = 0x00;
export const FRAME_EVENT = 0x01;

const encoder = new TextEncoder();

function frame(type: number, body?: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + (body?.length ?? 0));
  out[0] = type;
  if (body) out.set(body, 1);
  return out;
}

/** Keys typed: xterm's onData gives strings (UTF-8 encoded here), onBinary gives byte strings. */
export function encodeInput(data: string | Uint8Array): Uint8Array {
  return frame(FRAME_INPUT, typeof data === "string" ? encoder.encode(data) : data);
}

/** xterm's onBinary: each char code is one byte. */
export function encodeBinaryInput(data: string): Uint8Array {
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
  return frame(FRAME_INPUT, bytes);
}

export function encodeResize(cols: number, rows: number): Uint8Array {
  return frame(FRAME_RESIZE, encoder.encode(JSON.stringify({ cols: Math.floor(cols), rows: Math.floor(rows) })));
}

export function encodePause(): Uint8Array {
  return frame(FRAME_PAUSE);
}

export function encodeResume(): Uint8Array {
  return frame(FRAME_RESUME);
}

export type TerminalEvent =
  | { type: "status"; status: string; reason?: string | null }
  | { type: "exit"; code: number }
  | { type: "error"; message: string }
  | { type: string; [key: string]: unknown };

export type ServerFrame =
  | { kind: "output"; data: Uint8Array }
  | { kind: "event"; event: TerminalEvent }
  | { kind: "unknown"; type: number };

export function decodeFrame(buffer: ArrayBuffer | Uint8Array): ServerFrame | null {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length === 0) return null;
  const type = bytes[0];
  const body = bytes.subarray(1);
  if (type === FRAME_OUTPUT) return { kind: "output", data: body };
  if (type === FRAME_EVENT) {
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
      if (parsed && typeof parsed === "object" && typeof (parsed as { type?: unknown }).type === "string") {
        return { kind: "event", event: parsed as TerminalEvent };
      }
    } catch {
      // malformed event: ignored below
    }
    return null;
  }
  return { kind: "unknown", type: type ?? -1 };
}

/**
 * The session's status as the terminal socket reports it: `starting` right after connecting to a session whose
 * environment is not running yet, `ready` when the shell is attached (its output follows), or how the session ended
 * (`failed` or `stopped`, with the reason; the server then closes the socket).
 */
export type SocketStatus =
  | { status: "starting" }
  | { status: "ready" }
  | { status: "failed" | "stopped"; reason: string | null };

/** The status an event reports, or null for other events and statuses this client does not know. */
export function socketStatus(event: TerminalEvent): SocketStatus | null {
  if (event.type !== "status") return null;
  const reason = typeof event.reason === "string" && event.reason.trim() ? event.reason : null;
  switch (event.status) {
    case "starting":
    case "ready":
      return { status: event.status };
    case "failed":
    case "stopped":
      return { status: event.status, reason };
    default:
      return null;
  }
}

/**
 * Flow control with xterm's write callback: counts bytes handed to xterm and not yet parsed; asks the server to
 * pause above `high` and to resume once the backlog drained below `low`.
 */
export class FlowControl {
  private pending = 0;
  private paused = false;

  constructor(
    private readonly send: (frame: Uint8Array) => void,
    readonly high = 1024 * 1024,
    readonly low = 128 * 1024,
  ) {}

  /** Call before handing `bytes` to xterm; call `written(bytes)` from xterm's write callback. */
  queued(bytes: number): void {
    this.pending += bytes;
    if (!this.paused && this.pending > this.high) {
      this.paused = true;
      this.send(encodePause());
    }
  }

  written(bytes: number): void {
    this.pending = Math.max(0, this.pending - bytes);
    if (this.paused && this.pending < this.low) {
      this.paused = false;
      this.send(encodeResume());
    }
  }

  get pendingBytes(): number {
    return this.pending;
  }

  get isPaused(): boolean {
    return this.paused;
  }
}
