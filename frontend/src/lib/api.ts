/**
 * The platform's HTTP API (same origin). Every call sends the access token kept in sessionStorage; a 401 from any
 * authenticated call forgets the token and sends the user to /login/?next=<where they were>.
 */
import { encodePath } from "./paths";

const TOKEN_KEY = "cp.accessToken";

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  [key: string]: unknown;
}

/** A refused or failed call: the HTTP status and, when the server sent one, its problem document. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }

  get code(): string | undefined {
    return typeof this.problem.code === "string" ? this.problem.code : undefined;
  }
}

// ---------------------------------------------------------------------------------------------- token and redirect

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return storage()?.getItem(TOKEN_KEY) ?? null;
}

export function setToken(token: string): void {
  storage()?.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  storage()?.removeItem(TOKEN_KEY);
}

/** Where the browser goes; replaceable in tests. */
let navigate: (url: string) => void = (url) => {
  window.location.assign(url);
};

export function setNavigator(fn: (url: string) => void): void {
  navigate = fn;
}

/** The login page's URL that brings the user back to `current` (path + query) afterwards. */
export function loginUrl(current?: string): string {
  const here =
    current ?? (typeof window === "undefined" ? "/" : window.location.pathname + window.location.search);
  if (!here || here === "/" || here.startsWith("/login") || here.startsWith("/signup")) return "/login/";
  return `/login/?next=${encodeURIComponent(here)}`;
}

/** Sends the user to the login page, remembering where they were. */
export function redirectToLogin(): void {
  clearToken();
  navigate(loginUrl());
}

/** Only same-site paths are followed after login (no open redirect to another host). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/login") || next.startsWith("/signup")) return "/";
  return next;
}

// --------------------------------------------------------------------------------------------------- the transport

interface CallOptions {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
  /** Auth endpoints: a 401 there means "wrong password", not "session expired". */
  anonymous?: boolean;
  signal?: AbortSignal;
}

async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => "");
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === "object") return parsed as Problem;
    } catch {
      // not JSON: fall through
    }
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
}

/** Performs a call and answers the response when it is 2xx; throws ApiError otherwise. */
export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json, application/problem+json" };
  const token = options.anonymous ? null : getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body = options.body;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.contentType) {
    headers["Content-Type"] = options.contentType;
  }
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? "GET", headers, body, signal: options.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, {
      code: "NETWORK",
      title: "Network error",
      detail: "The server could not be reached. Check your connection and try again.",
    });
  }
  if (response.ok) return response;
  const problem = await problemOf(response);
  if (response.status === 401 && !options.anonymous) {
    redirectToLogin();
  }
  throw new ApiError(response.status, problem);
}

async function json<T>(path: string, options: CallOptions = {}): Promise<T> {
  const response = await call(path, options);
  return (await response.json()) as T;
}

// ---------------------------------------------------------------------------------------------------- the endpoints

export interface LoginResult {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
}

export interface Workspace {
  id: string;
  name: string;
  version: number;
}

export interface TreeEntry {
  path: string;
  kind: "file" | "folder";
  size: number | null;
  hash: string | null;
  version: number;
}

export interface Tree {
  workspaceId: string;
  version: number;
  entries: TreeEntry[];
}

export interface Written {
  path: string;
  version: number;
  hash: string;
}

export interface FileRead {
  content: string;
  /** The version the file was last written at: the baseVersion for the next write. */
  version: number;
  etag: string | null;
}

export type SessionState = "starting" | "ready" | "failed" | "stopped";

export interface Session {
  sessionId: string;
  workspaceId: string;
  status: SessionState;
  step: string | null;
  reason: string | null;
  version: number;
}

export interface Ticket {
  ticket: string;
  mayType: boolean;
}

const ws = (id: string) => `/api/workspaces/${encodeURIComponent(id)}`;

/** The URL of a file: each path segment encoded on its own. */
export function fileUrl(workspaceId: string, path: string): string {
  return `${ws(workspaceId)}/files/${encodePath(path)}`;
}

export const api = {
  register: (username: string, password: string) =>
    json<{ userId: string; username: string }>("/api/auth/register", {
      method: "POST",
      json: { username, password },
      anonymous: true,
    }),

  login: (username: string, password: string) =>
    json<LoginResult>("/api/auth/login", { method: "POST", json: { username, password }, anonymous: true }),

  listWorkspaces: () => json<Workspace[]>("/api/workspaces"),

  getWorkspace: (id: string, signal?: AbortSignal) => json<Workspace>(ws(id), { signal }),

  createWorkspace: (name: string) => json<Workspace>("/api/workspaces", { method: "POST", json: { name } }),

  renameWorkspace: (id: string, name: string) => json<Workspace>(ws(id), { method: "PATCH", json: { name } }),

  deleteWorkspace: (id: string) => json<{ version: number }>(ws(id), { method: "DELETE" }),

  tree: (id: string, minVersion?: number, signal?: AbortSignal) =>
    json<Tree>(`${ws(id)}/tree${minVersion ? `?minVersion=${minVersion}` : ""}`, { signal }),

  async readFile(id: string, path: string, minVersion?: number): Promise<FileRead> {
    const response = await call(`${fileUrl(id, path)}${minVersion ? `?minVersion=${minVersion}` : ""}`);
    const bytes = await response.arrayBuffer();
    const version = Number(response.headers.get("X-Workspace-Version") ?? "0");
    return {
      content: new TextDecoder("utf-8").decode(bytes),
      version: Number.isFinite(version) ? version : 0,
      etag: response.headers.get("ETag"),
    };
  },

  /** Writes a file; with `baseVersion`, the server answers 409 VERSION_CONFLICT if it changed after that. */
  writeFile: (id: string, path: string, content: string, baseVersion?: number) =>
    json<Written>(`${fileUrl(id, path)}${baseVersion !== undefined ? `?baseVersion=${baseVersion}` : ""}`, {
      method: "PUT",
      body: new TextEncoder().encode(content),
      contentType: "application/octet-stream",
    }),

  deleteEntry: (id: string, path: string) => json<{ version: number }>(fileUrl(id, path), { method: "DELETE" }),

  createFolder: (id: string, path: string) =>
    json<{ version: number }>(`${ws(id)}/folders`, { method: "POST", json: { path } }),

  move: (id: string, from: string, to: string) =>
    json<{ version: number }>(`${ws(id)}/moves`, { method: "POST", json: { from, to } }),

  openSession: (workspaceId: string) =>
    json<{ sessionId: string; status: SessionState }>(`${ws(workspaceId)}/sessions`, { method: "POST" }),

  getSession: (sessionId: string, signal?: AbortSignal) =>
    json<Session>(`/api/sessions/${encodeURIComponent(sessionId)}`, { signal }),

  closeSession: (sessionId: string) =>
    json<Session>(`/api/sessions/${encodeURIComponent(sessionId)}`, { method: "DELETE" }),

  terminalTicket: (sessionId: string, mode: "type" | "watch" = "type") =>
    json<Ticket>(`/api/sessions/${encodeURIComponent(sessionId)}/terminal-ticket`, {
      method: "POST",
      json: { mode },
    }),
};

/** The terminal socket's URL on this origin (ws: or wss: as the page). */
export function terminalSocketUrl(sessionId: string, ticket: string, location: Location = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/terminal/ws/${encodeURIComponent(sessionId)}?ticket=${encodeURIComponent(ticket)}`;
}
