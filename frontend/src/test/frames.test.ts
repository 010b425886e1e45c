import { describe, expect, it } from "vitest";
import {
  FlowControl,
  decodeFrame,
  encodeBinaryInput,
  encodeInput,
  encodePause,
  encodeResize,
  encodeResume,
  socketStatus,
} from "@/lib/frames";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("terminal frames", () => {
  it("encodes input as 0x00 + UTF-8", () => {
    const f = encodeInput("ls é\r");
    expect(f[0]).toBe(0x00);
    expect(text(f.subarray(1))).toBe("ls é\r");
  });

  it("encodes binary input byte for byte", () => {
    expect([...encodeBinaryInput("\x1b\xff")]).toEqual([0x00, 0x1b, 0xff]);
  });

  it("encodes resize as 0x01 + JSON, pause 0x02, resume 0x03", () => {
    const r = encodeResize(120.7, 30);
    expect(r[0]).toBe(0x01);
    expect(JSON.parse(text(r.subarray(1)))).toEqual({ cols: 120, rows: 30 });
    expect([...encodePause()]).toEqual([0x02]);
    expect([...encodeResume()]).toEqual([0x03]);
  });

  it("decodes output and events", () => {
    const out = decodeFrame(new Uint8Array([0x00, 104, 105]).buffer);
    expect(out).toEqual({ kind: "output", data: new Uint8Array([104, 105]) });
    const json = new TextEncoder().encode('{"type":"exit","code":3}');
    const ev = new Uint8Array(json.length + 1);
    ev[0] = 0x01;
    ev.set(json, 1);
    expect(decodeFrame(ev)).toEqual({ kind: "event", event: { type: "exit", code: 3 } });
    expect(decodeFrame(new Uint8Array([0x01, 123]))).toBeNull();
    expect(decodeFrame(new Uint8Array([]))).toBeNull();
    expect(decodeFrame(new Uint8Array([0x07, 1]))).toEqual({ kind: "unknown", type: 7 });
  });

  it("pauses above the high mark and resumes below the low mark", () => {
    const sent: number[] = [];
    const flow = new FlowControl((f) => sent.push(f[0]!), 1000, 100);
    flow.queued(600);
    flow.queued(600);
    expect(sent).toEqual([0x02]);
    expect(flow.isPaused).toBe(true);
    flow.queued(600); // no second pause
    flow.written(600);
    flow.written(600);
    expect(sent).toEqual([0x02]);
    flow.written(600);
    expect(sent).toEqual([0x02, 0x03]);
    expect(flow.pendingBytes).toBe(0);
  });
});

describe("status events of the terminal socket", () => {
  it("reads starting and ready", () => {
    expect(socketStatus({ type: "status", status: "starting" })).toEqual({ status: "starting" });
    expect(socketStatus({ type: "status", status: "ready" })).toEqual({ status: "ready" });
  });

  it("reads how a session ended, with its reason when there is one", () => {
    expect(socketStatus({ type: "status", status: "failed", reason: "no sandbox" })).toEqual({ status: "failed", reason: "no sandbox" });
    expect(socketStatus({ type: "status", status: "stopped", reason: null })).toEqual({ status: "stopped", reason: null });
    expect(socketStatus({ type: "status", status: "stopped", reason: "  " })).toEqual({ status: "stopped", reason: null });
  });

  it("ignores other events and unknown statuses", () => {
    expect(socketStatus({ type: "exit", code: 0 })).toBeNull();
    expect(socketStatus({ type: "status", status: "paused" })).toBeNull();
  });

  it("decodes a status frame from the wire", () => {
    const body = new TextEncoder().encode(JSON.stringify({ type: "status", status: "failed", reason: "no disk" }));
    const frame = decodeFrame(Uint8Array.of(0x01, ...body));
    expect(frame?.kind === "event" && socketStatus(frame.event)).toEqual({ status: "failed", reason: "no disk" });
  });
});
