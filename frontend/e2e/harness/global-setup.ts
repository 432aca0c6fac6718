import type { TestProject } from 'vitest/node';
import { HostInfo, RunningHost, startHost } from './host';
import { ensureChromium } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    host: HostInfo;
  }
}

let host: RunningHost | undefined;

/** Starts one host for the whole run and hands its addresses and secrets to the tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureChromium();
  host = await startHost();
  const { stop: _stop, ...info } = host;
  project.provide('host', info);
  console.log(`e2e host: ${host.origin} (data in ${host.folder})`);
  return async () => {
    await host?.stop();
  };
}
