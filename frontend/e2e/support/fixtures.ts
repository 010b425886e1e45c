import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { test as base, expect, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";

export { expect };

export interface Account {
  username: string;
  password: string;
  token: string;
}

/** A fresh user name for each test (the database lives for the whole run). */
export function newUsername(): string {
  return `e2e${randomBytes(5).toString("hex")}`;
}

export const PASSWORD = "Plenty-of-entropy-2026!";

const api = (pathname: string) => new URL(pathname, process.env.E2E_API_URL ?? "http://localhost:18080").toString();

export async function signUp(request: APIRequestContext, username = newUsername(), password = PASSWORD): Promise<Account> {
  const registered = await request.post(api("/api/auth/register"), { data: { username, password } });
  expect(registered.status(), await registered.text()).toBe(201);
  const login = await request.post(api("/api/auth/login"), { data: { username, password } });
  expect(login.status()).toBe(200);
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  return { username, password, token };
}

export async function createWorkspace(request: APIRequestContext, account: Account, name: string): Promise<string> {
  const created = await request.post(api("/api/workspaces"), {
    data: { name },
    headers: { Authorization: `Bearer ${account.token}` },
  });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

export async function writeFile(
  request: APIRequestContext,
  account: Account,
  workspaceId: string,
  filePath: string,
  content: string,
): Promise<number> {
  const written = await request.put(
    api(`/api/workspaces/${workspaceId}/files/${filePath.split("/").map(encodeURIComponent).join("/")}`),
    { data: Buffer.from(content), headers: { Authorization: `Bearer ${account.token}`, "Content-Type": "application/octet-stream" } },
  );
  expect(written.status(), await written.text()).toBe(200);
  return ((await written.json()) as { version: number }).version;
}

export async function readFile(request: APIRequestContext, account: Account, workspaceId: string, filePath: string) {
  const read = await request.get(api(`/api/workspaces/${workspaceId}/files/${filePath}`), {
    headers: { Authorization: `Bearer ${account.token}` },
  });
  expect(read.status()).toBe(200);
  return read.text();
}

/** Every page of the context starts logged in as `account` (the token lives in sessionStorage, per tab). */
export async function logInPages(context: BrowserContext, account: Account): Promise<void> {
  await context.addInitScript((token) => {
    if (!window.sessionStorage.getItem("cp.accessToken")) window.sessionStorage.setItem("cp.accessToken", token);
  }, account.token);
}

export function screenshotPath(name: string): string {
  const dir = path.resolve("target", "screenshots");
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.png`);
}

// ------------------------------------------------------------------------------------------------- IDE helpers

export const terminalRows = (page: Page) => page.locator(".xterm-rows");
export const saveStatus = (page: Page) => page.getByTestId("save-status");
export const terminalStatus = (page: Page) => page.getByTestId("terminal-status");

export async function typeInTerminal(page: Page, line: string): Promise<void> {
  await page.locator(".xterm").click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

export async function typeInEditor(page: Page, text: string): Promise<void> {
  await page.locator(".monaco-editor .view-lines").click();
  await page.keyboard.type(text);
}

export async function editorText(page: Page): Promise<string> {
  return (await page.locator(".monaco-editor .view-lines").innerText()).replace(/\u00a0/g, " ");
}

/**
 * Fails the test if any page asked for anything outside this host: no CDN, no web fonts, no telemetry.
 * Applied to every test automatically.
 */
export const test = base.extend<{ localOnly: void }>({
  localOnly: [
    async ({ context }, use) => {
      const outside: string[] = [];
      context.on("request", (request) => {
        const url = new URL(request.url());
        if (url.protocol === "data:" || url.protocol === "blob:" || url.protocol === "about:") return;
        if (!["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)) outside.push(request.url());
      });
      const watchSockets = (page: Page) =>
        page.on("websocket", (socket) => {
          if (!["localhost", "127.0.0.1", "[::1]"].includes(new URL(socket.url()).hostname)) outside.push(socket.url());
        });
      context.pages().forEach(watchSockets);
      context.on("page", watchSockets);
      await use();
      expect(outside, "requests that left the host").toEqual([]);
    },
    { auto: true },
  ],
});
