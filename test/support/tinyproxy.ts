import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';

/*
 * A real forward proxy for the proxy tests: Debian's tinyproxy, started in the foreground on a free 127.0.0.1
 * port with a config of its own. Its log (one "Request" line per request it handles, CONNECT included) is how
 * a test proves that a request went through it.
 */

export const INSTALL_HINT = 'install it with `apt-get install -y tinyproxy-bin` (Debian/Ubuntu; `npm test` does so through scripts/test-tools.mjs when run as root)';

/** The name tinyproxy's Via header carries, so a target can tell a proxied request. */
export const VIA_NAME = 'port-ci-test-proxy';

export interface Tinyproxy {
  /** http://127.0.0.1:PORT, without credentials. */
  url: string;
  port: number;
  /** The request lines tinyproxy logged so far: `GET http://host:port/path HTTP/1.1`, `CONNECT host:port HTTP/1.1`. */
  requests(): string[];
  /** Everything tinyproxy printed. */
  output(): string;
  stop(): Promise<void>;
}

export interface TinyproxyOptions {
  /** Ask for these credentials (407 without them). */
  basicAuth?: { user: string; password: string };
}

/** Why tinyproxy cannot run here, with how to install it, or undefined when it can. */
export function tinyproxyMissing(): string | undefined {
  const probe = spawnSync('tinyproxy', ['-v'], { encoding: 'utf8' });
  if (!probe.error && probe.status === 0) return undefined;
  return `tinyproxy is not installed (${probe.error?.message ?? `tinyproxy -v exited ${probe.status}`}): the proxy tests run a real proxy; ${INSTALL_HINT}`;
}

/**
 * Throws when tinyproxy is missing. Proxy tests call it in beforeEach (and start their proxies only when it is
 * there), so each test fails saying how to install it, rather than being skipped after a failed beforeAll.
 */
export function requireTinyproxy(): void {
  const missing = tinyproxyMissing();
  if (missing) throw new Error(missing);
}

export async function startTinyproxy(options: TinyproxyOptions = {}): Promise<Tinyproxy> {
  requireTinyproxy();
  // A free port can be taken between our probe and tinyproxy's bind: try a few.
  let lastOutput = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'port-ci-tinyproxy-'));
    const config = path.join(dir, 'tinyproxy.conf');
    writeFileSync(
      config,
      [
        `Port ${port}`,
        'Listen 127.0.0.1',
        'Timeout 30',
        'MaxClients 50',
        'LogLevel Connect',
        'Allow 127.0.0.1',
        `ViaProxyName "${VIA_NAME}"`,
        ...(options.basicAuth ? [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`] : []),
        '',
      ].join('\n'),
    );
    const child = spawn('tinyproxy', ['-d', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (output += text));
    if (await listening(port, child)) {
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        requests: () => [...output.matchAll(/: Request \(file descriptor \d+\): (.*)$/gm)].map((match) => match[1]!),
        output: () => output,
        stop: () => stop(child).finally(() => rmSync(dir, { recursive: true, force: true })),
      };
    }
    lastOutput = output;
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error(`tinyproxy did not start listening: ${lastOutput}`);
}

async function listening(port: number, child: ChildProcess): Promise<boolean> {
  const until = Date.now() + 5000;
  while (Date.now() < until && child.exitCode === null) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A port nothing listens on right now (also what a test uses as a proxy that is down). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A name for this machine that resolves to 127.0.0.1 but is not written as loopback. port-ci never proxies a
 * loopback target (localhost, 127.x, [::1]), so a test addresses its local servers by this name: port-ci then
 * sends the request to the proxy, and the proxy, resolving the name, reaches the server on 127.0.0.1.
 */
export async function loopbackAlias(): Promise<string> {
  const name = hostname().toLowerCase();
  const addresses = await lookup(name, { all: true }).catch(() => []);
  if (!/^localhost$|^127\./.test(name) && addresses.some((entry) => entry.address.startsWith('127.'))) return name;
  throw new Error(
    `the proxy tests need a name for 127.0.0.1 that is not written as loopback: this machine's name "${name}" resolves to ` +
      `${addresses.map((entry) => entry.address).join(', ') || 'nothing'}; add "127.0.0.1 ${name}" to /etc/hosts`,
  );
}
