/** Options that make no source (a bad target, an unreadable bundle, a conflict): the message is for the user as it is. */
export class SourceError extends Error {
  override name = 'SourceError';
}
