import { describe, expect, it } from 'vitest';
import { templateChecks } from '../../../src/checks/template/index.js';
import publishedOnCa from '../../../src/checks/template/published-on-ca.js';
import { facts, HEALTHY, run, type FixtureFiles } from '../mscep/mscep-fixture-facts.js';
import { shown } from '../example-outcomes.js';

/** The checks that judge the templates from the directory dump alone. */
const fromDump = templateChecks.filter((c) => c.requires.length === 1);

const outcomes = (files: FixtureFiles, codePage?: number) => {
  const f = facts({ ...HEALTHY, ...files }, codePage);
  return Object.fromEntries(
    fromDump.map((c) => {
      try {
        return [c.id, shown(run(c, f))];
      } catch (e) {
        // A fact that cannot be derived: the runner reports the check as an error naming the file.
        return [c.id, `fact error: ${(e as Error).message}`];
      }
    }),
  );
};

// What an administrator reads for each template the MSCEP values can name, held still: a change to
// any word, evidence or fix shows up here for review.
describe('the template checks on each MSCEP configuration and directory dump', () => {
  it.each(['registry/mscep-intune.reg', 'registry/mscep-legacy.reg', 'registry/mscep-two-templates.reg', 'registry/mscep-display-name.reg', 'registry/mscep-default.reg'])(
    '%s with the English dump',
    (mscep) => {
      expect(outcomes({ 'registry.mscep': mscep })).toMatchSnapshot();
    },
  );

  it.each(['certutil/dstemplate-unknown-values.txt', 'certutil/dstemplate-truncated.txt', 'certutil/dstemplate-inf.txt', 'certutil/dstemplate-failed.txt'])('the two templates with %s', (dump) => {
    expect(outcomes({ 'registry.mscep': 'registry/mscep-two-templates.reg', 'certutil.dstemplate': dump })).toMatchSnapshot();
  });

  it('the Italian dump (code page 850)', () => {
    expect(outcomes({ 'certutil.dstemplate': 'certutil/dstemplate-it-cp850.txt' }, 850)).toMatchSnapshot();
  });

  it.each(['certutil/catemplates-en.txt', 'certutil/catemplates-no-local-ca.txt', 'certutil/catemplates-truncated.txt'])('NDES-TPL-007 with %s, for each MSCEP configuration', (list) => {
    const out = ['registry/mscep-intune.reg', 'registry/mscep-legacy.reg', 'registry/mscep-two-templates.reg', 'registry/mscep-default.reg'].map((mscep) => {
      try {
        return shown(run(publishedOnCa, facts({ ...HEALTHY, 'registry.mscep': mscep, 'certutil.catemplates': list })));
      } catch (e) {
        return `fact error: ${(e as Error).message}`;
      }
    });
    expect(out).toMatchSnapshot();
  });
});
