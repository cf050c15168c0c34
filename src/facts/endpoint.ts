import type { TargetRecording } from '../recordings/probes.js';
import { parseProbeFile } from '../parse/probe-recording.js';
import { decodeText } from '../parse/text.js';
import { defineFact, FactError, parseOrThrow } from './fact.js';

/** One probed target, or why there is none (a bundle without recordings is not an error). */
export type EndpointFact = { recorded: false; reason: string } | { recorded: true; target: TargetRecording; source: string };

export const endpointFacts = {
  endpoint: defineFact<EndpointFact>({
    artifacts: ['network.probes'],
    derive(read) {
      const raw = read('network.probes');
      if (raw.status !== 'ok') {
        if (raw.status === 'unavailable' && raw.errorCode !== 'E_FACT_UNAVAILABLE') throw new FactError(raw.errorCode, raw.message);
        return { recorded: false, reason: 'No SCEP endpoint was probed: the bundle has no network/probes.json. Run "ndes-doctor check --url <ndes-url>" to probe one.' };
      }
      const file = parseOrThrow(raw.file, () => parseProbeFile(decodeText(raw.bytes)));
      const [target] = file.targets;
      if (!target) return { recorded: false, reason: `No SCEP endpoint was probed: ${raw.file} lists no targets.` };
      return { recorded: true, target, source: raw.file };
    },
  }),
};
