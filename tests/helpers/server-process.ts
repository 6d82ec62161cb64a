// Starts the production server (`node scripts/start.mjs`) as a child process, for tests that
// need the real process: boot validation, health, browser tests.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { testEnv } from "./constants";

const root = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startServer(
  env: Record<string, string>,
  script = "scripts/start.mjs",
): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    if (output.includes("listening on")) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!output.includes("listening on")) throw new Error(`server did not start:\n${output}`);
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Runs the server expecting it to refuse to boot; resolves with its exit code and output. */
export function runServerExpectingExit(env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
      cwd: root,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", (code: number | null) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Sends a request built for the test app URL (signedWebhook, signedProxyRequest) to `server`. */
export async function sendTo(server: RunningServer, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return fetch(`${server.url}${url.pathname}${url.search}`, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.text() : undefined,
  });
}

/** The production server on the test file's database, as `npm start` runs it. */
export function startProductionServer(env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({
    PATH: process.env.PATH ?? "",
    ...testEnv(process.env.DATABASE_URL!),
    NODE_ENV: "production",
    ...env,
  });
}
