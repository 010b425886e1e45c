/** Finding the terminal session of a workspace: reuse the one this tab had (reattach after reload) or open one. */
import { ApiError, api, type Session } from "./api";

export function sessionKey(workspaceId: string): string {
  return `cp.session.${workspaceId}`;
}

export interface SessionApi {
  getSession(sessionId: string): Promise<Session>;
  openSession(workspaceId: string): Promise<{ sessionId: string; status: Session["status"] }>;
}

export interface Acquired {
  sessionId: string;
  reused: boolean;
  /** The status when it was reused; null for a new session. */
  session: Session | null;
}

function store(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Reuses the session remembered for this workspace in this tab when it is still starting or ready; otherwise opens
 * a new one and remembers it.
 */
export async function acquireSession(
  workspaceId: string,
  io: SessionApi = api,
  storage: Storage | null = store(),
): Promise<Acquired> {
  const remembered = storage?.getItem(sessionKey(workspaceId));
  if (remembered) {
    try {
      const session = await io.getSession(remembered);
      if (session.workspaceId === workspaceId && (session.status === "ready" || session.status === "starting")) {
        return { sessionId: remembered, reused: true, session };
      }
    } catch (error) {
      // gone or unknown: open a new one; anything else (network, 401) is the caller's to show
      if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 400)) throw error;
    }
    storage?.removeItem(sessionKey(workspaceId));
  }
  const opened = await io.openSession(workspaceId);
  storage?.setItem(sessionKey(workspaceId), opened.sessionId);
  return { sessionId: opened.sessionId, reused: false, session: null };
}

export function forgetSession(workspaceId: string, storage: Storage | null = store()): void {
  storage?.removeItem(sessionKey(workspaceId));
}
