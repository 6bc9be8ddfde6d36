/**
 * Cookie-name and storage-key globs from the manifest: `*` is any run of characters (also none),
 * `?` is exactly one character, everything else is literal. Matching is anchored and case-sensitive,
 * because browsers treat `_GA` and `_ga` as different cookies.
 */

// The characters RegExp syntax gives meaning to (in `u` mode escaping anything else is an error).
const REGEXP_SPECIALS = /[.*+?^${}()|[\]\\/]/g;

/** True when the pattern contains a wildcard, i.e. is not an exact name. */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(REGEXP_SPECIALS, '\\$&');
  }
  // The `s` flag lets `*` and `?` cover any character a name could hold, newlines included.
  return new RegExp(`^${source}$`, 'su');
}

// Manifests are matched against every cookie of every phase; compile each pattern once.
const compiled = new Map<string, RegExp>();

export function matchesGlob(pattern: string, text: string): boolean {
  let regexp = compiled.get(pattern);
  if (regexp === undefined) {
    regexp = globToRegExp(pattern);
    compiled.set(pattern, regexp);
  }
  return regexp.test(text);
}
