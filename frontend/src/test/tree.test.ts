import { describe, expect, it } from "vitest";
import type { TreeEntry } from "@/lib/api";
import { buildTree, visibleNodes } from "@/lib/tree";

const file = (path: string, version = 1): TreeEntry => ({ path, kind: "file", size: 1, hash: "h", version });
const folder = (path: string, version = 1): TreeEntry => ({ path, kind: "folder", size: null, hash: null, version });

describe("buildTree", () => {
  it("nests entries under their folders, folders first, by name", () => {
    const roots = buildTree([file("b.py"), folder("src"), file("src/z.py"), folder("src/pkg"), file("A.txt"), file("src/pkg/m.py")]);
    expect(roots.map((n) => n.name)).toEqual(["src", "A.txt", "b.py"]);
    const src = roots[0]!;
    expect(src.children.map((n) => n.name)).toEqual(["pkg", "z.py"]);
    expect(src.children[0]!.children.map((n) => n.path)).toEqual(["src/pkg/m.py"]);
  });

  it("makes up folders that are implied but not listed", () => {
    const roots = buildTree([file("a/b/c.py", 4)]);
    expect(roots[0]).toMatchObject({ path: "a", kind: "folder" });
    expect(roots[0]!.children[0]).toMatchObject({ path: "a/b", kind: "folder" });
    expect(roots[0]!.children[0]!.children[0]).toMatchObject({ path: "a/b/c.py", kind: "file", version: 4 });
  });

  it("keeps one node when a folder is listed after its content", () => {
    const roots = buildTree([file("a/x.py"), folder("a", 9)]);
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ path: "a", version: 9 });
  });

  it("lists what is visible given the expanded folders, with depth and position", () => {
    const roots = buildTree([folder("a"), file("a/x.py"), file("a/y.py"), file("b.py")]);
    expect(visibleNodes(roots, new Set()).map((v) => v.node.path)).toEqual(["a", "b.py"]);
    const open = visibleNodes(roots, new Set(["a"]));
    expect(open.map((v) => [v.node.path, v.depth, v.parent, v.position, v.setSize])).toEqual([
      ["a", 1, null, 1, 2],
      ["a/x.py", 2, "a", 1, 2],
      ["a/y.py", 2, "a", 2, 2],
      ["b.py", 1, null, 2, 2],
    ]);
  });
});
