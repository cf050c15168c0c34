/** An error whose message is meant for the user as it is: printed without a stack, exit 3. */
export class CliError extends Error {
  override name = 'CliError';
}
