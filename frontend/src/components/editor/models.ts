/** The Monaco model URI of a workspace file: file:/// and the path's segments, each percent-encoded. */
export function modelUri(path: string): string {
  return `file:///${path
    .split("/")
    .map((s) => encodeURIComponent(s))
    .join("/")}`;
}
