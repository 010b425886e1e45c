#!/usr/bin/env node
/**
 * Front-end benchmark in Debian's Chromium (not part of the test run):
 *   - time from pressing "Log in" to an interactive IDE (explorer shown, terminal connected), and to the editor
 *     showing a file after it is opened;
 *   - JavaScript bytes transferred for the login page, and for the IDE before the editor is requested;
 *   - keystroke-to-screen latency in the terminal (keydown -> the echoed character in xterm's rows).
 *
 *   npm run perf                      # uses a server on http://localhost:18080, or starts the gateway jar itself
 *   npm run perf -- --base http://localhost:8080 --runs 5 --keys 60
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../support/chromium.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const RUNS = Number(option("runs", 3));
const KEYS = Number(option("keys", 40));
const JAR = "../web-gateway/target/web-gateway-0.1.0-SNAPSHOT.jar";
const started = [];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function up(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

async function waitFor(url, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    if (await up(url)) return;
    await sleep(500);
  }
  throw new Error(`${url} did not come up in ${seconds} s`);
}

/** Answers the base URL of the UI and the API, starting the jar (and the static proxy) when nothing runs. */
async function servers() {
  const base = option("base", process.env.PERF_BASE_URL);
  if (base) return { ui: base, api: base };
  const api = "http://localhost:18080";
  if (!(await up(`${api}/api/health`))) {
    if (!existsSync(JAR)) throw new Error(`no server on ${api} and no ${JAR}: build the gateway or pass --base`);
    const dataDir = path.resolve("target", `perf-data-${Date.now()}`);
    console.error(`starting the gateway (data in ${dataDir})…`);
    started.push(
      spawn("java", ["-jar", JAR, "--server.port=18080", `--platform.data-dir=${dataDir}`], {
        stdio: "ignore",
        env: { ...process.env, AXONIQ_UPDATE_CHECKER_DISABLED: "true" },
      }),
    );
    await waitFor(`${api}/api/health`, 180);
  }
  const servesUi = (await fetch(`${api}/login/`).catch(() => null))?.status === 200;
  if (servesUi) return { ui: api, api };
  const ui = "http://localhost:18082";
  started.push(
    spawn("node", ["e2e/support/static-server.mjs", "--port", "18082", "--root", "out", "--api", "http://127.0.0.1:18080"], {
      stdio: "ignore",
    }),
  );
  await waitFor(`${ui}/login/`, 30);
  return { ui, api };
}

async function call(api, method, pathname, body, token) {
  const response = await fetch(`${api}${pathname}`, {
    method,
    headers: {
      ...(body !== undefined && typeof body !== "string" ? { "Content-Type": "application/json" } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${await response.text()}`);
  return response.headers.get("content-type")?.includes("json") ? response.json() : response.text();
}

/** Counts the JavaScript bytes the page transferred (encoded, as on the wire), from Chromium's network events. */
async function scriptCounter(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const scripts = new Map();
  let bytes = 0;
  cdp.on("Network.responseReceived", (e) => {
    if (e.type === "Script") scripts.set(e.requestId, e.response.url);
  });
  cdp.on("Network.loadingFinished", (e) => {
    if (scripts.has(e.requestId)) bytes += e.encodedDataLength;
  });
  return {
    get bytes() {
      return bytes;
    },
    get urls() {
      return [...scripts.values()];
    },
    reset() {
      bytes = 0;
      scripts.clear();
    },
  };
}

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
const ms = (n) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : "n/a");
const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
const percentile = (xs, p) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] : NaN;

async function main() {
  const { ui, api } = await servers();
  const username = `perf${Date.now().toString(36)}`;
  const password = "Plenty-of-entropy-2026!";
  await call(api, "POST", "/api/auth/register", { username, password });
  const { accessToken } = await call(api, "POST", "/api/auth/login", { username, password });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });

  const interactive = [];
  const terminalReady = [];
  const editorReady = [];
  let loginJs = 0;
  let ideJsBeforeEditor = 0;
  let editorJs = 0;
  let latencies = [];

  try {
    for (let run = 0; run < RUNS; run++) {
      const ws = await call(api, "POST", "/api/workspaces", { name: `perf ${run}` }, accessToken);
      await call(api, "PUT", `/api/workspaces/${ws.id}/files/main.py`, 'print("hello")\n', accessToken);
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const js = await scriptCounter(page);

      await page.goto(`${ui}/login/?next=${encodeURIComponent(`/workspace/?id=${ws.id}`)}`, { waitUntil: "networkidle" });
      loginJs = js.bytes;
      js.reset();
      await page.getByLabel("Username").fill(username);
      await page.getByLabel("Password").fill(password);
      const t0 = Date.now();
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByRole("treeitem", { name: "main.py" }).waitFor();
      interactive.push(Date.now() - t0);
      let connected = true;
      try {
        await page.getByTestId("terminal-status").getByText("Connected", { exact: true }).waitFor({ timeout: 90_000 });
        terminalReady.push(Date.now() - t0);
      } catch {
        connected = false;
        const status = await page.getByTestId("terminal-status").innerText();
        console.error(`run ${run}: the terminal did not connect (${status})`);
      }
      await page.waitForLoadState("networkidle");
      ideJsBeforeEditor = loginJs + js.bytes; // everything this tab loaded before the editor was asked for
      js.reset();

      const t1 = Date.now();
      await page.getByRole("treeitem", { name: "main.py" }).click();
      await page.locator(".monaco-editor .view-lines").getByText("hello").waitFor();
      editorReady.push(Date.now() - t1);
      await page.waitForLoadState("networkidle");
      editorJs = js.bytes;

      if (run === RUNS - 1 && connected) latencies = await terminalLatency(page);
      await context.close();
    }
  } finally {
    await browser.close();
  }

  const rows = [
    ["login page: JS transferred", kb(loginJs)],
    ["IDE: JS transferred before the editor is requested (login page + IDE + xterm)", kb(ideJsBeforeEditor)],
    ["editor (Monaco) JS transferred when the first file opens", kb(editorJs)],
    [`"Log in" -> explorer shown (median of ${RUNS})`, ms(median(interactive))],
    [`"Log in" -> terminal connected (median of ${RUNS}, includes the sandbox start)`, ms(median(terminalReady))],
    [`open a file -> text in the editor, first time (median of ${RUNS})`, ms(median(editorReady))],
    [`terminal keystroke -> screen, p50 (${latencies.length} keys)`, ms(percentile(latencies, 50))],
    ["terminal keystroke -> screen, p95", ms(percentile(latencies, 95))],
    ["terminal keystroke -> screen, max", ms(latencies.length ? Math.max(...latencies) : NaN)],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${"measure".padEnd(width)} | value`);
  console.log(`${"-".repeat(width)}-|-${"-".repeat(10)}`);
  for (const [name, value] of rows) console.log(`${name.padEnd(width)} | ${value}`);
}

/** Types KEYS characters one at a time and times each from keydown to the echo appearing in xterm's rows. */
async function terminalLatency(page) {
  await page.locator(".xterm").click();
  await page.evaluate(() => {
    const textarea = document.querySelector(".xterm-helper-textarea");
    const rows = document.querySelector(".xterm-rows");
    const state = { pending: [], samples: [], last: rows.textContent };
    window.__latency = state;
    textarea.addEventListener("keydown", () => state.pending.push(performance.now()), true);
    new MutationObserver(() => {
      const now = rows.textContent;
      if (now === state.last) return;
      state.last = now;
      const t = state.pending.shift();
      if (t !== undefined) state.samples.push(performance.now() - t);
    }).observe(rows, { subtree: true, childList: true, characterData: true });
  });
  const letters = "abcdefghijklmnopqrstuvwxyz";
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press(letters[i % letters.length]);
    await sleep(60);
  }
  await sleep(500);
  await page.keyboard.press("Control+U");
  return page.evaluate(() => window.__latency.samples);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of started) child.kill("SIGTERM");
  });
