import ieEscAdministrators from './ie-esc-administrators.js';
import ieEscUsers from './ie-esc-users.js';

export const browserChecks = [ieEscAdministrators, ieEscUsers];
