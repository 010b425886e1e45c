import { describe, expect, it } from "vitest";
import { basename, dirname, encodePath, isWithin, joinPath, languageOf, movedPath, pathProblem } from "@/lib/paths";

describe("paths", () => {
  it("encodes each segment", () => {
    expect(encodePath("a b/c#d/e?.py")).toBe("a%20b/c%23d/e%3F.py");
    expect(encodePath("100%/x")).toBe("100%25/x");
  });

  it("splits and joins", () => {
    expect(basename("a/b/c.py")).toBe("c.py");
    expect(dirname("a/b/c.py")).toBe("a/b");
    expect(dirname("c.py")).toBe("");
    expect(joinPath("", "x.py")).toBe("x.py");
    expect(joinPath("src", "pkg/x.py")).toBe("src/pkg/x.py");
  });

  it("follows moves", () => {
    expect(isWithin("src/a.py", "src")).toBe(true);
    expect(isWithin("srcx/a.py", "src")).toBe(false);
    expect(movedPath("src/a.py", "src", "lib")).toBe("lib/a.py");
    expect(movedPath("srcx/a.py", "src", "lib")).toBe("srcx/a.py");
    expect(movedPath("a.py", "a.py", "b.py")).toBe("b.py");
  });

  it("catches obviously bad paths", () => {
    expect(pathProblem("")).not.toBeNull();
    expect(pathProblem("/abs")).not.toBeNull();
    expect(pathProblem("a/../b")).not.toBeNull();
    expect(pathProblem("a//b")).not.toBeNull();
    expect(pathProblem("a\\b")).not.toBeNull();
    expect(pathProblem("src/main.py")).toBeNull();
  });

  it("picks the editor language by extension", () => {
    expect(languageOf("main.py")).toBe("python");
    expect(languageOf("src/app.TS")).toBe("typescript");
    expect(languageOf("data.json")).toBe("json");
    expect(languageOf("README.md")).toBe("markdown");
    expect(languageOf("Dockerfile")).toBe("dockerfile");
    expect(languageOf("noext")).toBe("plaintext");
    expect(languageOf(".gitignore")).toBe("plaintext");
  });
});
