import { describe, expect, it } from 'vitest';
import { tlsChecks } from '../../../src/checks/tls/index.js';
import { exampleOutcomes } from '../example-outcomes.js';

// The words, evidence and fixes a user reads on the two example servers, held still: a change to
// any of them shows up here for review.
describe('the tls checks on the example bundles, as a user reads them', () => {
  it.each(['healthy', 'broken'] as const)('examples/%s', async (example) => {
    expect(await exampleOutcomes(tlsChecks, example)).toMatchSnapshot();
  });
});
