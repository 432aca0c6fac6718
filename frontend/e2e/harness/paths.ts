import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository's folders as seen from frontend/e2e/harness. */
export const frontendRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const repoRoot = path.resolve(frontendRoot, '..');
export const artifacts = path.join(frontendRoot, 'artifacts');
export const portalDist = path.join(frontendRoot, 'dist', 'portal', 'browser');
export const configuration = process.env['CONFIGURATION'] ?? 'Release';
export const apiDll = path.join(repoRoot, 'backend', 'DataExchange.Api', 'bin', configuration, 'net10.0', 'DataExchange.Api.dll');
export const cliDll = path.join(repoRoot, 'backend', 'DataExchange.Cli', 'bin', configuration, 'net10.0', 'dx.dll');
