import type { Outcome } from '../../../src/engine/types.js';
import type { AnyCheck } from '../../../src/engine/check.js';
import { iisAppPoolStates, iisConfig, iisMscepAdmin, iisScepPath } from '../../../src/facts/iis.js';
import { reader } from '../../facts/iis-fixtures.js';
import { ctx } from '../fixture-facts.js';

/** The four IIS facts derived from fixtures as the runner would; one that cannot be derived is left undefined. */
export function facts(files: Parameters<typeof reader>[0]) {
  const read = reader(files);
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
