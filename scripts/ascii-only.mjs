// Shared by scripts/build.mjs (dist/ndes-doctor.cjs) and scripts/build-exe.mjs (the executable's script).

/**
 * The script with every non-ASCII character written as a \uXXXX escape. V8 holds a script's source while
 * it runs, one byte a character only when all are Latin-1: the few regular expression literals with
 * localised words (esbuild escapes strings, not regular expressions) made it two, 4.6 MB instead of 2.3 MB
 * for the whole run, and the old generation's limit grows with what it holds. In a regular expression
 * or a string the escape means the same character; after a backslash it would not, so the build stops.
 */
export function asciiOnly(text, name) {
  return text.replace(/[^\x00-\x7f]/g, (c, at) => {
    if (text[at - 1] === '\\') throw new Error(`${name}: an escaped non-ASCII character at ${at}; write it as \\u${c.charCodeAt(0).toString(16).padStart(4, '0')} in the source`);
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
