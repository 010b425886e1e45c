import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { FileTree } from "@/components/FileTree";
import type { TreeEntry } from "@/lib/api";
import { buildTree } from "@/lib/tree";

const entries: TreeEntry[] = [
  { path: "src", kind: "folder", size: null, hash: null, version: 1 },
  { path: "src/app.py", kind: "file", size: 1, hash: "h", version: 1 },
  { path: "src/util.py", kind: "file", size: 1, hash: "h", version: 1 },
  { path: "main.py", kind: "file", size: 1, hash: "h", version: 1 },
  { path: "notes.md", kind: "file", size: 1, hash: "h", version: 1 },
];

function Harness(props: { onOpen?: (p: string) => void; onRename?: (p: string) => void; onDelete?: (p: string) => void }) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <FileTree
      roots={buildTree(entries)}
      expanded={expanded}
      onToggle={(p, open) =>
        setExpanded((old) => {
          const n = new Set(old);
          if (open) n.add(p);
          else n.delete(p);
          return n;
        })
      }
      selected={selected}
      onSelect={setSelected}
      activeFile={null}
      onOpen={props.onOpen ?? (() => {})}
      onRename={props.onRename ?? (() => {})}
      onDelete={props.onDelete ?? (() => {})}
    />
  );
}

const item = (name: string) => screen.getByRole("treeitem", { name });

describe("FileTree", () => {
  it("is a labelled tree with one tab stop", () => {
    render(<Harness />);
    expect(screen.getByRole("tree", { name: "Files" })).toBeInTheDocument();
    const items = screen.getAllByRole("treeitem");
    expect(items.map((i) => i.getAttribute("aria-label"))).toEqual(["src", "main.py", "notes.md"]);
    expect(items.filter((i) => i.tabIndex === 0)).toHaveLength(1);
    expect(item("src")).toHaveAttribute("aria-expanded", "false");
    expect(item("main.py")).not.toHaveAttribute("aria-expanded");
    expect(item("src")).toHaveAttribute("aria-level", "1");
  });

  it("moves with the arrow keys and opens and closes folders", () => {
    render(<Harness />);
    item("src").focus();
    fireEvent.keyDown(item("src"), { key: "ArrowRight" });
    expect(item("src")).toHaveAttribute("aria-expanded", "true");
    expect(item("app.py")).toHaveAttribute("aria-level", "2");
    fireEvent.keyDown(item("src"), { key: "ArrowRight" });
    expect(document.activeElement).toBe(item("app.py"));
    fireEvent.keyDown(item("app.py"), { key: "ArrowDown" });
    expect(document.activeElement).toBe(item("util.py"));
    expect(item("util.py")).toHaveAttribute("aria-selected", "true");
    expect(item("util.py").tabIndex).toBe(0);
    fireEvent.keyDown(item("util.py"), { key: "ArrowLeft" });
    expect(document.activeElement).toBe(item("src"));
    fireEvent.keyDown(item("src"), { key: "ArrowLeft" });
    expect(item("src")).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("treeitem", { name: "app.py" })).toBeNull();
    fireEvent.keyDown(item("src"), { key: "End" });
    expect(document.activeElement).toBe(item("notes.md"));
    fireEvent.keyDown(item("notes.md"), { key: "Home" });
    expect(document.activeElement).toBe(item("src"));
    fireEvent.keyDown(item("src"), { key: "m" });
    expect(document.activeElement).toBe(item("main.py"));
  });

  it("opens with Enter, renames with F2 and deletes with Delete", () => {
    const onOpen = vi.fn();
    const onRename = vi.fn();
    const onDelete = vi.fn();
    render(<Harness onOpen={onOpen} onRename={onRename} onDelete={onDelete} />);
    item("main.py").focus();
    fireEvent.keyDown(item("main.py"), { key: "Enter" });
    expect(onOpen).toHaveBeenCalledWith("main.py");
    fireEvent.keyDown(item("main.py"), { key: "F2" });
    expect(onRename).toHaveBeenCalledWith("main.py");
    fireEvent.keyDown(item("main.py"), { key: "Delete" });
    expect(onDelete).toHaveBeenCalledWith("main.py");
  });

  it("opens a file on click and toggles a folder on click", () => {
    const onOpen = vi.fn();
    render(<Harness onOpen={onOpen} />);
    fireEvent.click(screen.getByText("notes.md"));
    expect(onOpen).toHaveBeenCalledWith("notes.md");
    fireEvent.click(screen.getByText("src"));
    expect(item("src")).toHaveAttribute("aria-expanded", "true");
  });
});
