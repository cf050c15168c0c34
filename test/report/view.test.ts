import { expect, test } from 'vitest';
import { errorLabel } from '../../src/report/view.js';

test('an error code is labelled with its meaning only when it is one of ndes-doctor\'s', () => {
  expect(errorLabel('E_NETWORK')).toBe('E_NETWORK: A network request failed.');
  // A saved report read by `report` may carry any text here: a prototype member's name is no meaning.
  for (const code of ['E_NOT_A_CODE', 'constructor', 'toString', '__proto__']) expect(errorLabel(code), code).toBe(code);
});
