/** The manifest's login block: validated like the rest of the manifest, credentials only from the environment. */
import { describe, expect, it } from 'vitest';
import { LoginConfigError, loginPlan } from '../../src/crawl/login.js';
import { PolicyLoadError } from '../../src/policy/errors.js';
import { parsePolicy } from '../../src/policy/load.js';

const manifest = (login: string) => `site: App\nlogin:\n${login}\n`;
const valid = `  url: https://app.test/login
  fields:
    - { selector: "#email", env: APP_USER }
    - { selector: "#password", env: APP_PASSWORD }
  submit: "button[type=submit]"
  success: { url: "https://app.test/dashboard*" }`;

function errorsOf(text: string): string[] {
  try {
    parsePolicy(text, 'm.yaml');
  } catch (error) {
    if (error instanceof PolicyLoadError) return error.errors.map((e) => `${e.line}: ${e.path}: ${e.message}`);
    throw error;
  }
  return [];
}

describe('login in the manifest', () => {
  it('is loaded as written', () => {
    expect(parsePolicy(manifest(valid), 'm.yaml').login).toEqual({
      url: 'https://app.test/login',
      fields: [{ selector: '#email', env: 'APP_USER' }, { selector: '#password', env: 'APP_PASSWORD' }],
      submit: 'button[type=submit]',
      success: { url: 'https://app.test/dashboard*' },
    });
  });

  it('has no place for a password: a value instead of an environment variable is an error with its line', () => {
    const text = manifest(valid.replace('{ selector: "#password", env: APP_PASSWORD }', '{ selector: "#password", value: hunter2 }'));
    expect(errorsOf(text)).toEqual(['6: /login/fields/1: missing required property "env"', '6: /login/fields/1/value: unknown property; expected one of selector, env']);
  });

  it('needs exactly one success check and a plausible variable name', () => {
    expect(errorsOf(manifest(valid.replace('success: { url: "https://app.test/dashboard*" }', 'success: { url: "x", cookie: "sid" }')))).toEqual([
      '8: /login/success: must have exactly one of "selector", "url" or "cookie"',
    ]);
    expect(errorsOf(manifest(valid.replace('env: APP_USER', 'env: "APP USER"')))).toEqual([
      '5: /login/fields/0/env: must be the name of an environment variable (letters, digits and _), e.g. AUDIT_PASSWORD (got "APP USER")',
    ]);
  });
});

describe('loginPlan', () => {
  const spec = parsePolicy(manifest(valid), 'm.yaml').login!;

  it('takes each value from its environment variable', () => {
    const plan = loginPlan(spec, { APP_USER: 'ada@app.test', APP_PASSWORD: 's3cret' });
    expect(plan.fields.map((f) => [f.selector, f.value])).toEqual([['#email', 'ada@app.test'], ['#password', 's3cret']]);
  });

  it('names every missing variable, and no value', () => {
    expect(() => loginPlan(spec, { APP_USER: 'ada@app.test' })).toThrow(LoginConfigError);
    expect(() => loginPlan(spec, { APP_USER: 'ada@app.test' })).toThrow(/environment variable APP_PASSWORD; set it/);
    expect(() => loginPlan(spec, {})).toThrow(/variables APP_USER, APP_PASSWORD; set them/);
    try {
      loginPlan(spec, { APP_USER: 'ada@app.test', APP_PASSWORD: '' });
    } catch (error) {
      expect(String(error)).not.toContain('ada@app.test');
    }
  });
});
