/** Builds the explorer's tree from the flat, path-sorted entries the API answers. */
import type { TreeEntry } from "./api";
import { basename, dirname } from "./paths";

export interface TreeNode {
  name: string;
  path: string;
  kind: "file" | "folder";
  size: number | null;
  version: number;
  children: TreeNode[];
}

/** Folders first, then files, each by name (case-insensitive, then exact). */
function compareNodes(a: TreeNode, b: TreeNode): number {
  if (a.kind !== b.kind) return a.kind === "folder" ? -1 : 1;
  const ai = a.name.toLowerCase();
  const bi = b.name.toLowerCase();
  if (ai !== bi) return ai < bi ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The top-level nodes. Folders the entries imply but do not list are made up, so a file `a/b/c.py` always has
 * its folders `a` and `a/b`.
 */
export function buildTree(entries: readonly TreeEntry[]): TreeNode[] {
  const byPath = new Map<string, TreeNode>();
  const roots: TreeNode[] = [];

  const folder = (path: string): TreeNode[] => {
    if (path === "") return roots;
    let node = byPath.get(path);
    if (!node) {
      node = { name: basename(path), path, kind: "folder", size: null, version: 0, children: [] };
      byPath.set(path, node);
      folder(dirname(path)).push(node);
    }
    return node.children;
  };

  for (const entry of entries) {
    const existing = byPath.get(entry.path);
    if (existing) {
      // an implied folder listed later, or a duplicate: keep one node, take the listed facts
      existing.kind = entry.kind;
      existing.size = entry.size;
      existing.version = entry.version;
      continue;
    }
    const node: TreeNode = {
      name: basename(entry.path),
      path: entry.path,
      kind: entry.kind,
      size: entry.size,
      version: entry.version,
      children: [],
    };
    byPath.set(entry.path, node);
    folder(dirname(entry.path)).push(node);
  }

  const sort = (nodes: TreeNode[]) => {
    nodes.sort(compareNodes);
    for (const n of nodes) sort(n.children);
  };
  sort(roots);
  return roots;
}

export interface VisibleNode {
  node: TreeNode;
  depth: number;
  parent: string | null;
  /** 1-based position among its siblings and their count, for aria-posinset/aria-setsize. */
  position: number;
  setSize: number;
}

/** The nodes a user sees, in order, given which folders are expanded. */
export function visibleNodes(roots: readonly TreeNode[], expanded: ReadonlySet<string>): VisibleNode[] {
  const out: VisibleNode[] = [];
  const walk = (nodes: readonly TreeNode[], depth: number, parent: string | null) => {
    nodes.forEach((node, i) => {
      out.push({ node, depth, parent, position: i + 1, setSize: nodes.length });
      if (node.kind === "folder" && expanded.has(node.path)) walk(node.children, depth + 1, node.path);
    });
  };
  walk(roots, 1, null);
  return out;
}

/** Every path in the tree (files and folders). */
export function allPaths(entries: readonly TreeEntry[]): Set<string> {
  return new Set(entries.map((e) => e.path));
}
