import {
  createWorkspace,
  editorText,
  expect,
  logInPages,
  readFile,
  saveStatus,
  screenshotPath,
  signUp,
  terminalRows,
  terminalStatus,
  test,
  typeInEditor,
  typeInTerminal,
  writeFile,
} from "./support/fixtures";

test("write a program, run it in the terminal, see files made there, reload and find it all back", async ({
  page,
  context,
  request,
}) => {
  const account = await signUp(request);
  await logInPages(context, account);
  await page.goto("/");
  await page.getByLabel("New workspace name").fill("first project");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.getByRole("link", { name: "Open workspace first project" }).click();
  await expect(page.getByRole("heading", { name: "first project" })).toBeVisible();

  // the environment starts while we write the program
  await page.getByRole("button", { name: "New file" }).click();
  const dialog = page.getByRole("dialog", { name: "New file" });
  await dialog.getByLabel("File name").fill("main.py");
  await dialog.getByRole("button", { name: "Create file" }).click();
  await expect(page.getByRole("treeitem", { name: "main.py" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "main.py", selected: true })).toBeVisible();

  await typeInEditor(page, 'print("hello from main", 6 * 7)');
  await expect(saveStatus(page)).toHaveText("Saved");
  // "Saved" means the write is committed; the read model may show it a moment later
  const workspaceId = await workspaceIdOf(page);
  await expect.poll(() => readFile(request, account, workspaceId, "main.py")).toBe('print("hello from main", 6 * 7)');

  await expect(terminalStatus(page)).toHaveText("Connected", { timeout: 90_000 });
  await typeInTerminal(page, "python3 main.py");
  await expect(terminalRows(page)).toContainText("hello from main 42");

  // a file made by a program shows up in the explorer
  await typeInTerminal(page, "echo hi > made.txt");
  await expect(page.getByRole("treeitem", { name: "made.txt" })).toBeVisible({ timeout: 20_000 });

  await page.screenshot({ path: screenshotPath("ide"), fullPage: true });
  const sessionBefore = await page.evaluate(() =>
    Object.entries(sessionStorage).find(([key]) => key.startsWith("cp.session."))?.[1],
  );

  await page.reload();
  await expect(page.getByRole("treeitem", { name: "main.py" })).toBeVisible();
  await expect(page.getByRole("treeitem", { name: "made.txt" })).toBeVisible();
  await expect(terminalStatus(page)).toHaveText("Connected", { timeout: 60_000 });
  // the same session, with its scrollback replayed
  await expect(terminalRows(page)).toContainText("hello from main 42");
  const sessionAfter = await page.evaluate(() =>
    Object.entries(sessionStorage).find(([key]) => key.startsWith("cp.session."))?.[1],
  );
  expect(sessionAfter).toBe(sessionBefore);
  await typeInTerminal(page, "cat made.txt");
  await expect(terminalRows(page)).toContainText(/cat made\.txt\s*hi/);

  // a file deleted from the terminal disappears, and the shell can be restarted after exit
  await typeInTerminal(page, "rm made.txt");
  await expect(page.getByRole("treeitem", { name: "made.txt" })).toHaveCount(0, { timeout: 20_000 });
  await typeInTerminal(page, "exit");
  await expect(terminalStatus(page)).toContainText("The shell exited with code 0");
  await page.getByRole("button", { name: "Restart shell" }).click();
  await expect(terminalStatus(page)).toHaveText("Connected");
  await typeInTerminal(page, "echo again-$((20+1))");
  await expect(terminalRows(page)).toContainText("again-21");
});

test("the explorer works from the keyboard: open, rename (F2), delete (Delete), folders", async ({
  page,
  context,
  request,
}) => {
  const account = await signUp(request);
  const id = await createWorkspace(request, account, "keyboard");
  await writeFile(request, account, id, "a.py", "print('a')\n");
  await writeFile(request, account, id, "pkg/b.py", "print('b')\n");
  await logInPages(context, account);
  await page.goto(`/workspace/?id=${id}`);

  const tree = page.getByRole("tree", { name: "Files" });
  await expect(tree.getByRole("treeitem")).toHaveCount(2);
  const pkg = tree.getByRole("treeitem", { name: "pkg" });
  await pkg.focus();
  await expect(pkg).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("ArrowRight");
  await expect(pkg).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowDown");
  await expect(tree.getByRole("treeitem", { name: "b.py" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("tab", { name: "b.py", selected: true })).toBeVisible();
  await expect.poll(() => editorText(page)).toContain("print('b')");

  await page.keyboard.press("ArrowDown");
  await expect(tree.getByRole("treeitem", { name: "a.py" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("tab", { name: "a.py", selected: true })).toBeVisible();

  // tabs: arrow keys move between them
  await page.getByRole("tab", { name: "a.py" }).focus();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("tab", { name: "b.py", selected: true })).toBeFocused();

  // F2 renames (and moves): a.py -> pkg/c.py
  await tree.getByRole("treeitem", { name: "a.py" }).focus();
  await page.keyboard.press("F2");
  const rename = page.getByRole("dialog", { name: "Rename or move a.py" });
  await rename.getByLabel("New path").fill("pkg/c.py");
  await page.keyboard.press("Enter");
  await expect(tree.getByRole("treeitem", { name: "c.py" })).toBeVisible();
  await expect(tree.getByRole("treeitem", { name: "a.py" })).toHaveCount(0);
  await expect(page.getByRole("tab", { name: "c.py" })).toBeVisible();

  // Delete asks first
  await tree.getByRole("treeitem", { name: "b.py" }).focus();
  await page.keyboard.press("Delete");
  const confirm = page.getByRole("alertdialog", { name: "Delete b.py?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(tree.getByRole("treeitem", { name: "b.py" })).toHaveCount(0);
  await expect(page.getByRole("tab", { name: "b.py" })).toHaveCount(0);

  // a new folder, and a file in it
  await tree.getByRole("treeitem", { name: "pkg" }).click();
  await page.getByRole("button", { name: "New folder" }).click();
  await page.getByRole("dialog", { name: "New folder" }).getByLabel(/Folder name/).fill("sub");
  await page.keyboard.press("Enter");
  await expect(tree.getByRole("treeitem", { name: "sub" })).toBeVisible();
  await page.getByRole("button", { name: "New file" }).click();
  await page.getByRole("dialog", { name: "New file" }).getByLabel(/File name/).fill("deep.py");
  await page.keyboard.press("Enter");
  await expect(tree.getByRole("treeitem", { name: "deep.py" })).toHaveAttribute("aria-level", "3");
  await expect(page.getByRole("tab", { name: "deep.py", selected: true })).toBeVisible();

  // every control has a name
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll("button, [role=tab], [role=treeitem], input, a")]
      .filter((el) => !(el.getAttribute("aria-label") || el.textContent?.trim() || (el as HTMLInputElement).labels?.length))
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(unnamed).toEqual([]);
});

test("a conflict between two tabs is shown and resolved: keep mine, then take theirs", async ({
  context,
  request,
}) => {
  const account = await signUp(request);
  const id = await createWorkspace(request, account, "shared");
  await writeFile(request, account, id, "conflict.py", "base");

  await logInPages(context, account);
  const first = await context.newPage();
  const second = await context.newPage();
  for (const page of [first, second]) {
    await page.goto(`/workspace/?id=${id}`);
    await page.getByRole("treeitem", { name: "conflict.py" }).click();
    await expect.poll(() => editorText(page)).toBe("base");
  }

  // both edit at once: the second write finds the file changed after its base version
  await first.locator(".monaco-editor .view-lines").click();
  await second.locator(".monaco-editor .view-lines").click();
  await first.keyboard.press("End");
  await second.keyboard.press("End");
  await first.keyboard.type(" one");
  await second.keyboard.type(" two");

  const dialogOf = (page: typeof first) => page.getByRole("alertdialog", { name: "conflict.py was changed elsewhere" });
  await expect
    .poll(async () => (await dialogOf(first).count()) + (await dialogOf(second).count()), { timeout: 15_000 })
    .toBe(1);
  const loser = (await dialogOf(first).count()) ? first : second;
  const winner = loser === first ? second : first;
  const mine = loser === first ? "base one" : "base two";
  const theirs = loser === first ? "base two" : "base one";
  await expect(saveStatus(loser)).toHaveText("Conflict");
  expect(await readFile(request, account, id, "conflict.py")).toBe(theirs);

  await dialogOf(loser).getByRole("button", { name: "Keep mine (overwrite)" }).click();
  await expect(saveStatus(loser)).toHaveText("Saved");
  await expect(dialogOf(loser)).toHaveCount(0);
  expect(await readFile(request, account, id, "conflict.py")).toBe(mine);
  // the other tab had nothing unsaved: it follows
  await expect.poll(() => editorText(winner), { timeout: 15_000 }).toBe(mine);

  // take theirs: an edit races a write from elsewhere
  await loser.keyboard.type("!");
  await writeFile(request, account, id, "conflict.py", "from elsewhere");
  await expect(dialogOf(loser)).toBeVisible();
  await dialogOf(loser).getByRole("button", { name: "Take theirs (reload)" }).click();
  await expect(saveStatus(loser)).toHaveText("Saved");
  await expect.poll(() => editorText(loser)).toBe("from elsewhere");
  expect(await readFile(request, account, id, "conflict.py")).toBe("from elsewhere");
});

async function workspaceIdOf(page: import("@playwright/test").Page): Promise<string> {
  return new URL(page.url()).searchParams.get("id") ?? "";
}
