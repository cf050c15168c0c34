import { main } from './main.js';

// The standalone executable runs one CommonJS script, where top-level await is not allowed;
// main() settles process.exitCode itself and never rejects.
void main(process.argv.slice(2));
