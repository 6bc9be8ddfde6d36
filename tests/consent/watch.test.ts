import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_EXPRESSION, WATCH_SCRIPT, withNativeTimers } from '../../src/consent/watch.js';

// The watch reaches the page as text: a syntax error there would leave every page unwatched (no closed shadow
// root read, no "still coming" signal) without any error on our side.
describe('the page watch as the browser receives it', () => {
  it('is a script that parses', () => {
    expect(() => new Script(WATCH_SCRIPT)).not.toThrow();
  });
  it('reads activity with an expression that parses', () => {
    expect(() => new Script(`(${ACTIVITY_EXPRESSION})`)).not.toThrow();
  });
  it('wraps a script of ours so it still parses', () => {
    expect(() => new Script(withNativeTimers('setTimeout(() => undefined, 10);'))).not.toThrow();
  });
});
