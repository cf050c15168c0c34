import type { Outcome } from '../../../src/engine/types.js';
import type { AnyCheck } from '../../../src/engine/check.js';
import { iisAppPoolStates, iisConfig, iisMscepAdmin, iisScepPath } from '../../../src/facts/iis.js';
import { reader } from '../../facts/iis-fixtures.js';
import { ctx } from '../fixture-facts.js';
import { ARTIFACTS } from '../../../src/collect/artifacts.js';

/** The four IIS facts derived from fixtures as the runner would; one that cannot be derived is left undefined. */
export function facts(files: Parameters<typeof reader>[0]) {
  return factsOf(reader(files));
}

/** The IIS facts of an applicationHost.config given as text (a real capture, or one a test edited), with no web.config. */
export function factsOfAppHost(text: string) {
  const read = reader({});
  return factsOf((id) => (id === 'iis.applicationhost' ? { status: 'ok', file: ARTIFACTS[id].files[0], bytes: Buffer.from(text), codePage: 850 } : read(id)));
}

function factsOf(read: ReturnType<typeof reader>) {
  const lazy = <T>(derive: () => T) => {
    try {
      return derive();
    } catch {
      return undefined as T;
    }
  };
  return {
    iisConfig: lazy(() => iisConfig.derive(read)),
    iisScepPath: lazy(() => iisScepPath.derive(read)),
    iisMscepAdmin: lazy(() => iisMscepAdmin.derive(read)),
    iisAppPoolStates: lazy(() => iisAppPoolStates.derive(read)),
  };
}

export const run = (check: AnyCheck, f: ReturnType<typeof facts>) => check.run(f as never, ctx) as Outcome;

export const HEALTHY = { 'iis.applicationhost': 'applicationHost.healthy.config', 'iis.apppools': 'apppools.started.xml' } as const;
export const STOCK = { 'iis.applicationhost': 'applicationHost.stock.config', 'iis.apppools': 'apppools.started.xml' } as const;
