import { describe, expect, it } from 'vitest';
import { endpointChecks } from '../../../src/checks/endpoint/index.js';
import { exampleOutcomes } from '../example-outcomes.js';

// The words, evidence and fixes a user reads on the two example servers, held still: a change to
// any of them shows up here for review.
describe('the endpoint checks on the example bundles, as a user reads them', () => {
  it.each(['healthy', 'broken'] as const)('examples/%s', async (example) => {
    expect(await exampleOutcomes(endpointChecks, example)).toMatchSnapshot();
  });
});
