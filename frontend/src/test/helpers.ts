import { vi } from "vitest";

export interface Recorded {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Replaces fetch with a function answering from `handler`; records every call. */
export function mockFetch(handler: (req: Recorded) => Response | Promise<Response>) {
  const calls: Recorded[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req: Recorded = {
      url: String(input),
      method: init?.method ?? "GET",
      headers: (init?.headers as Record<string, string>) ?? {},
      body: init?.body,
    };
    calls.push(req);
    return handler(req);
  });
  vi.stubGlobal("fetch", fn);
  return calls;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json", ...headers },
  });
}

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return jsonResponse(status, { type: `urn:code-platform:problem:${code}`, title: "x", status, detail, code, ...extra });
}
