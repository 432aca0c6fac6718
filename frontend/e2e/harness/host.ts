import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCsv } from './csv';
import { apiDll, cliDll, configuration, portalDist, repoRoot } from './paths';
import { freePort } from './ports';

/** What the tests need to know about the running hub. */
export interface HostInfo {
  readonly origin: string;
  readonly grpcOrigin: string;
  readonly folder: string;
  readonly database: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
  readonly agencyClientId: string;
  readonly agencyClientSecret: string;
  /** A civil affairs record's source_id from the generated files, for GetSourceRecord. */
  readonly civilAffairsSourceId: string;
}

export interface RunningHost extends HostInfo {
  stop(): Promise<void>;
}

const CHILDREN = Number(process.env['E2E_CHILDREN'] ?? 2000);
const SEED = 20261202;

/** Builds what is missing, generates and imports data, and starts the real host on loopback ports. */
export async function startHost(): Promise<RunningHost> {
  ensureBuilt();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-portal-e2e-'));
  const files = path.join(folder, 'files');
  const database = path.join(folder, 'dataexchange.db');
  run('dotnet', [cliDll, 'generate', '--children', String(CHILDREN), '--seed', String(SEED), '--out', files,
    '--truth', path.join(folder, 'truth.csv')]);
  // Exit code 1: some generated rows are refused on purpose (the generator's clerk errors); they are listed, not fatal.
  run('dotnet', [cliDll, 'import', files, '--db', database], [0, 1]);

  const port = await freePort();
  const grpcPort = await freePort(undefined, [port]);
  const origin = `http://127.0.0.1:${port}`;
  const agencyClientSecret = randomBytes(24).toString('base64url');
  const log = fs.openSync(path.join(folder, 'host.log'), 'a');
  const host = spawn('dotnet', [
    apiDll,
    `--Kestrel:Endpoints:Portal:Url=${origin}`,
    `--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:${grpcPort}`,
    `--Identity:Issuer=${origin}/`,
    `--Identity:KeysFolder=${path.join(folder, 'keys')}`,
    `--Database:ConnectionString=Data Source=${database}`,
    `--Portal:Root=${portalDist}`,
    '--Identity:AgencyClients:0:ClientId=e2e-education',
    '--Identity:AgencyClients:0:Agency=education',
    `--Identity:AgencyClients:0:Secret=${agencyClientSecret}`,
    '--RateLimits:CallsPerSecond=500', '--RateLimits:Burst=2000',
  ], {
    cwd: path.join(repoRoot, 'backend', 'DataExchange.Api'),
    env: { ...process.env, ASPNETCORE_ENVIRONMENT: 'Development', DOTNET_ENVIRONMENT: 'Development' },
    stdio: ['ignore', log, log],
  });
  await waitUntilUp(origin, host, folder);

  const [adminEmail, adminPassword] = fs.readFileSync(path.join(folder, 'keys', 'initial-administrator.txt'), 'utf8')
    .trim().split('\n');
  return {
    origin, grpcOrigin: `http://127.0.0.1:${grpcPort}`, folder, database, adminEmail, adminPassword,
    agencyClientId: 'e2e-education', agencyClientSecret, civilAffairsSourceId: firstSourceId(path.join(files, 'civil_affairs.csv')),
    stop: () => stop(host, folder),
  };
}

function ensureBuilt(): void {
  if (!fs.existsSync(path.join(portalDist, 'index.html'))) {
    throw new Error(`The portal is not built (${portalDist}): run npm run build first.`);
  }
  for (const [dll, project] of [[apiDll, 'backend/DataExchange.Api'], [cliDll, 'backend/DataExchange.Cli']]) {
    if (!fs.existsSync(dll)) {
      run('dotnet', ['build', path.join(repoRoot, project), '-c', configuration, '-nologo', '-clp:ErrorsOnly',
        '-p:BuildPortal=false']);
    }
  }
}

function run(command: string, args: string[], allowed = [0]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
  if (result.status === null || !allowed.includes(result.status)) {
    throw new Error(`${command} ${args.join(' ')} ended with ${result.status ?? result.signal}`);
  }
}

async function waitUntilUp(origin: string, host: ChildProcess, folder: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (host.exitCode !== null) {
      throw new Error(`The host exited (${host.exitCode}); see ${path.join(folder, 'host.log')}`);
    }
    try {
      const reply = await fetch(`${origin}/.well-known/openid-configuration`);
      if (reply.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  host.kill('SIGTERM');
  throw new Error(`The host did not answer within 3 minutes; see ${path.join(folder, 'host.log')}`);
}

async function stop(host: ChildProcess, folder: string): Promise<void> {
  if (host.exitCode === null) {
    host.kill('SIGTERM');
    await new Promise((resolve) => {
      const timer = setTimeout(() => (host.kill('SIGKILL'), resolve(null)), 10_000);
      host.once('exit', () => (clearTimeout(timer), resolve(null)));
    });
  }
  if (!process.env['E2E_KEEP']) {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** A record with a well-formed ID number, so the disclosure report (looked up by ID number) can find its child. */
function firstSourceId(csv: string): string {
  const row = readCsv(csv).find((record) => /^\d{17}[\dX]$/.test(record['id_number'] ?? ''));
  if (!row) {
    throw new Error(`No record with a well-formed ID number in ${csv}`);
  }
  return row['source_id'];
}
