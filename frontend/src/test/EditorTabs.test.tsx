import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { EditorTabs } from "@/components/EditorTabs";
import type { FileState } from "@/lib/saver";

function Harness({ files = new Map<string, FileState>() }: { files?: Map<string, FileState> }) {
  const [tabs, setTabs] = useState(["main.py", "src/util.py", "lib/util.py"]);
  const [active, setActive] = useState<string | null>("main.py");
  return (
    <EditorTabs
      tabs={tabs}
      active={active}
      files={files}
      onActivate={setActive}
      onClose={(p) => {
        setTabs((t) => t.filter((x) => x !== p));
        setActive((a) => (a === p ? null : a));
      }}
      panelId="panel"
    />
  );
}

describe("EditorTabs", () => {
  it("is a tablist whose tabs name their files (with folders where names clash)", () => {
    render(<Harness />);
    expect(screen.getByRole("tablist", { name: "Open files" })).toBeInTheDocument();
    expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["main.py", "src/util.py", "lib/util.py"]);
    expect(screen.getByRole("tab", { name: "main.py" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tab", { name: "main.py" })).toHaveAttribute("aria-controls", "panel");
  });

  it("moves between tabs with the arrow keys, wrapping around", () => {
    render(<Harness />);
    const first = screen.getByRole("tab", { name: "main.py" });
    first.focus();
    fireEvent.keyDown(first, { key: "ArrowRight" });
    const second = screen.getByRole("tab", { name: "src/util.py" });
    expect(second).toHaveAttribute("aria-selected", "true");
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second, { key: "ArrowLeft" });
    fireEvent.keyDown(screen.getByRole("tab", { name: "main.py" }), { key: "ArrowLeft" });
    expect(screen.getByRole("tab", { name: "lib/util.py" })).toHaveAttribute("aria-selected", "true");
  });

  it("has a close button named after each file", () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole("button", { name: "Close src/util.py" }));
    expect(screen.queryByRole("tab", { name: "src/util.py" })).toBeNull();
    // the remaining util.py is now unique: its label is just the name
    expect(screen.getByRole("button", { name: "Close util.py" })).toBeInTheDocument();
  });

  it("marks unsaved and conflicted files for screen readers too", () => {
    const state = (status: FileState["status"]): FileState => ({
      path: "",
      content: "",
      savedContent: "",
      baseVersion: 1,
      status,
      error: null,
      conflictVersion: null,
      deleted: false,
      force: false,
    });
    render(<Harness files={new Map([["main.py", state("conflict")], ["src/util.py", state("pending")]])} />);
    expect(screen.getByRole("tab", { name: /main\.py.*\(conflict\)/ })).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: /src\/util\.py.*\(unsaved\)/ })).toBeInTheDocument();
  });
});
