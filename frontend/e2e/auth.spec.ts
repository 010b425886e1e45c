import { expect, newUsername, signUp, test } from "./support/fixtures";

test("sign up, log out, log in: errors are said in words", async ({ page }) => {
  const username = newUsername();
  await page.goto("/signup/");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Repeat password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("That password is too weak");

  await page.getByLabel("Password", { exact: true }).fill("Plenty-of-entropy-2026!");
  await page.getByLabel("Repeat password").fill("Plenty-of-entropy-2026!");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Your workspaces" })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login\/$/);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("not-the-password-at-all");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong username or password.");

  await page.getByLabel("Password").fill("Plenty-of-entropy-2026!");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Your workspaces" })).toBeVisible();

  // a taken name
  await page.evaluate(() => sessionStorage.clear());
  await page.goto("/signup/");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill("Plenty-of-entropy-2026!");
  await page.getByLabel("Repeat password").fill("Plenty-of-entropy-2026!");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("That username is already taken. Choose another one.");
});

test("workspaces: create, rename, delete with confirmation, open", async ({ page, request }) => {
  const account = await signUp(request);
  await page.goto("/login/");
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByText("No workspaces yet")).toBeVisible();

  for (const name of ["alpha", "beta"]) {
    await page.getByLabel("New workspace name").fill(name);
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.getByRole("link", { name: `Open workspace ${name}` })).toBeVisible();
  }

  await page.getByRole("button", { name: "Rename workspace alpha" }).click();
  const rename = page.getByRole("dialog", { name: "Rename alpha" });
  await rename.getByLabel("New name").fill("gamma");
  await rename.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("link", { name: "Open workspace gamma" })).toBeVisible();

  await page.getByRole("button", { name: "Delete workspace beta" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Delete beta?" });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("link", { name: "Open workspace beta" })).toBeVisible();
  await page.getByRole("button", { name: "Delete workspace beta" }).click();
  await page.getByRole("alertdialog", { name: "Delete beta?" }).getByRole("button", { name: "Delete workspace" }).click();
  await expect(page.getByRole("link", { name: "Open workspace beta" })).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole("link", { name: "Open workspace gamma" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open workspace beta" })).toHaveCount(0);

  await page.getByRole("link", { name: "Open workspace gamma" }).click();
  await expect(page).toHaveURL(/\/workspace\/\?id=/);
  await expect(page.getByRole("heading", { name: "gamma" })).toBeVisible();
});

test("an expired or missing token sends the user to log in, and back afterwards", async ({ page, request }) => {
  const account = await signUp(request);
  await page.goto("/login/");
  await page.evaluate(() => sessionStorage.setItem("cp.accessToken", "expired.token.value"));
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\/$/);

  // a deep link: after login the user lands where they were going
  await page.evaluate(() => sessionStorage.setItem("cp.accessToken", "expired.token.value"));
  await page.goto("/workspace/?id=00000000-0000-0000-0000-000000000000");
  await expect(page).toHaveURL(/\/login\/\?next=%2Fworkspace%2F%3Fid%3D00000000-0000-0000-0000-000000000000$/);
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/workspace\/\?id=00000000-0000-0000-0000-000000000000$/);
  await expect(page.getByText("This workspace cannot be opened")).toBeVisible();
});

test("unknown pages answer the 404 page, the API keeps its own errors", async ({ page, request }) => {
  const response = await page.goto("/no-such-page/");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  const api = await request.get("/api/no-such-endpoint");
  expect(api.status()).not.toBe(200);
  expect(api.headers()["content-type"] ?? "").not.toContain("text/html");
});
