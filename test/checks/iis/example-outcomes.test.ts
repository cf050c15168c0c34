import { describe, expect, it } from 'vitest';
import { iisChecks } from '../../../src/checks/iis/index.js';
import { exampleOutcomes } from '../example-outcomes.js';

// The words, evidence and fixes a user reads on the two example servers, held still: a change to
// any of them shows up here for review.
describe('the iis checks on the example bundles, as a user reads them', () => {
  it.each(['healthy', 'broken'] as const)('examples/%s', async (example) => {
    expect(await exampleOutcomes(iisChecks, example)).toMatchSnapshot();
  });
});
