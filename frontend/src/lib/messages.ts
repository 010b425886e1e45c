/** Turns the API's problems into sentences a user understands. */
import { ApiError } from "./api";

export type Context = "login" | "signup" | "workspace" | "file" | "session" | "general";

function detailOf(error: ApiError): string {
  const detail = error.problem.detail;
  return typeof detail === "string" && detail.trim() ? detail.trim() : "";
}

function sentence(text: string): string {
  if (!text) return text;
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

export function describeError(error: unknown, context: Context = "general"): string {
  if (!(error instanceof ApiError)) {
    if (error instanceof Error && error.message) return sentence(error.message);
    return "Something went wrong. Please try again.";
  }
  const detail = detailOf(error);
  switch (error.code) {
    case "NETWORK":
      return "The server could not be reached. Check your connection and try again.";
    case "USERNAME_TAKEN":
      return "That username is already taken. Choose another one.";
    case "WEAK_PASSWORD":
      return detail ? `That password is too weak: ${sentence(detail)}` : "That password is too weak. Choose a longer one.";
    case "INVALID_NAME":
      if (context === "signup" || context === "login")
        return detail ? `That username cannot be used: ${sentence(detail)}` : "That username cannot be used.";
      return detail ? `That name cannot be used: ${sentence(detail)}` : "That name cannot be used.";
    case "INVALID_PATH":
      return detail ? `That path cannot be used: ${sentence(detail)}` : "That path cannot be used.";
    case "PATH_CONFLICT":
      return detail ? `Something is in the way: ${sentence(detail)}` : "Something already exists at that path.";
    case "NOT_A_FILE":
      return "That is a folder, not a file.";
    case "FILE_TOO_LARGE":
      return "The file is too large to save (the limit is 1 MiB).";
    case "WORKSPACE_FULL":
      return "The workspace is full: delete some files to make room.";
    case "TOO_MANY_ENTRIES":
      return "The workspace has too many files and folders.";
    case "WORKSPACE_NOT_FOUND":
      return "This workspace does not exist (or is not yours).";
    case "FILE_NOT_FOUND":
      return "That file does not exist any more.";
    case "SESSION_NOT_FOUND":
      return "That terminal session does not exist any more.";
    case "SESSION_CLOSED":
      return "That terminal session has ended.";
    case "TOO_MANY_SESSIONS":
      return "You have too many terminals open. Close the workspace in another tab or window, then try again.";
    case "VERSION_CONFLICT":
      return "The file was changed somewhere else since you opened it.";
    case "NOT_YET_VISIBLE":
      return "The server is still catching up. Try again in a moment.";
    case "UNAUTHENTICATED":
      return context === "login" ? "Wrong username or password." : "Your session has expired. Please log in again.";
    default:
      break;
  }
  if (error.status === 401) {
    return context === "login" ? "Wrong username or password." : "Your session has expired. Please log in again.";
  }
  if (error.status === 403) return "You are not allowed to do that.";
  if (error.status === 404) return "Not found: it may have been deleted.";
  if (error.status === 413) return "That is too large.";
  if (error.status === 429) return "Too many requests. Wait a moment and try again.";
  if (error.status >= 500) return "The server had a problem. Please try again in a moment.";
  if (detail) return sentence(detail);
  return `The request failed (${error.status}).`;
}
