// Starts one Backstop server (the Quarkus runner jar) on free loopback ports for a test run.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { connect } from '../src/index.js';

const PACKAGE_ROOT = path.resolve(__dirname, '../..');
export const REPO_ROOT = path.resolve(PACKAGE_ROOT, '../..');

export interface RunningServer {
  target: string;
  managementPort: number;
  logFile: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, found by binding port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the whole process group: java and anything it started
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

// Whatever happens to the test process, leave no server behind.
process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    for (const child of live) killGroup(child, 'SIGKILL');
    process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
  });
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts the server and resolves once grpc.health.v1 answers SERVING (at most `timeoutMs`). */
export async function startServer(timeoutMs = 60_000): Promise<RunningServer> {
  const jar = process.env.BACKSTOP_SERVER_JAR ?? path.join(REPO_ROOT, 'service/target/quarkus-app/quarkus-run.jar');
  if (!fs.existsSync(jar)) {
    throw new Error(
      `Backstop server jar not found at ${jar}. Build it first at the repository root with ` +
        '`mvn -B -DskipTests package` (or set BACKSTOP_SERVER_JAR to a built quarkus-run.jar).',
    );
  }
  const [port, managementPort] = [await freePort(), await freePort()];
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'backstop-ts-')), 'server.log');
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    'java',
    [
      `-Dquarkus.http.port=${port}`,
      '-Dquarkus.http.host=127.0.0.1',
      `-Dquarkus.management.port=${managementPort}`,
      '-Dquarkus.management.host=127.0.0.1',
      '-jar',
      jar,
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  live.add(child);
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exit code ${code}, signal ${signal}`;
    live.delete(child);
  });

  const stop = async () => {
    if (exited !== undefined) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  };

  const target = `127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  const client = connect(target);
  try {
    for (;;) {
      if (exited !== undefined) {
        throw new Error(`Backstop server exited before serving (${exited}); log ${logFile}:\n${tail(logFile)}`);
      }
      try {
        if ((await client.health('', { deadlineMs: 1000 })) === 'SERVING') break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) {
        throw new Error(`Backstop server not SERVING within ${timeoutMs} ms; log ${logFile}:\n${tail(logFile)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    await stop();
    throw e;
  } finally {
    client.close();
  }
  return { target, managementPort, logFile, stop };
}
