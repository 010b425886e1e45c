/** Workspace paths: relative, '/'-separated, no leading or trailing slash. */

/** Encodes each segment for a URL, keeping the separators: `a b/c#.py` -> `a%20b/c%23.py`. */
export function encodePath(path: string): string {
  return normalizePath(path)
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

/** Trims surrounding whitespace and slashes and collapses repeated slashes. */
export function normalizePath(path: string): string {
  return path
    .trim()
    .split("/")
    .filter((segment) => segment.length > 0)
    .join("/");
}

export function basename(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}

/** The folder a path is in; "" for the top level. */
export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

export function joinPath(folder: string, name: string): string {
  return normalizePath(folder ? `${folder}/${name}` : name);
}

/** True when `path` is `ancestor` itself or lies below it. */
export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** Rewrites `path` after `from` moved to `to` (for paths at or below `from`). */
export function movedPath(path: string, from: string, to: string): string {
  if (path === from) return to;
  if (path.startsWith(`${from}/`)) return to + path.slice(from.length);
  return path;
}

/**
 * Says what is wrong with a path a user typed, in words, or null when it looks acceptable.
 * The server has the final word; this only catches the obvious mistakes early.
 */
export function pathProblem(path: string): string | null {
  const p = path.trim();
  if (p.length === 0) return "Enter a name.";
  if (p.startsWith("/")) return "Use a path relative to the workspace (no leading '/').";
  if (p.includes("\\")) return "Use '/' to separate folders, not '\\'.";
  const segments = p.split("/");
  if (segments.some((s) => s.length === 0)) return "A path cannot contain an empty folder name ('//' or a trailing '/').";
  if (segments.some((s) => s === "." || s === "..")) return "'.' and '..' are not allowed in a path.";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(p)) return "A path cannot contain control characters.";
  return null;
}

const LANGUAGES: Record<string, string> = {
  py: "python",
  pyw: "python",
  pyi: "python",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "typescript",
  json: "json",
  md: "markdown",
  markdown: "markdown",
  html: "html",
  htm: "html",
  css: "css",
  scss: "scss",
  less: "less",
  sh: "shell",
  bash: "shell",
  yml: "yaml",
  yaml: "yaml",
  toml: "ini",
  ini: "ini",
  cfg: "ini",
  xml: "xml",
  svg: "xml",
  sql: "sql",
  c: "c",
  h: "c",
  cpp: "cpp",
  cc: "cpp",
  hpp: "cpp",
  java: "java",
  go: "go",
  rs: "rust",
  rb: "ruby",
  r: "r",
  txt: "plaintext",
  csv: "plaintext",
};

const NAMED: Record<string, string> = {
  Dockerfile: "dockerfile",
  Makefile: "plaintext",
  ".bashrc": "shell",
  ".profile": "shell",
};

/** The Monaco language id for a file, by its name or extension; "plaintext" when unknown. */
export function languageOf(path: string): string {
  const name = basename(path);
  const named = NAMED[name];
  if (named) return named;
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return "plaintext";
  return LANGUAGES[name.slice(dot + 1).toLowerCase()] ?? "plaintext";
}
