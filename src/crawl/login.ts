/**
 * Signing in before the audit (the manifest's `login:` block). Done once per site in a context of its
 * own; the signed-in state (cookies and localStorage, Playwright's storage-state format) then seeds every
 * phase's fresh context, exactly as `--storage-state` does. Credentials come from environment variables
 * and are only ever typed into the form: no message, error or report names a value.
 */
import type { BrowserContext } from 'playwright-core';
import type { LoginSpec, LoginSuccess } from '../policy/types.js';
import { describeError, isTimeout } from '../browser/errors.js';

/** A login with its values resolved; built before the browser starts so a missing variable is a usage error. */
export interface LoginPlan {
  url: string;
  fields: Array<{ selector: string; env: string; value: string }>;
  submit: string;
  success: LoginSuccess;
}

export class LoginConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoginConfigError';
  }
}

/** The plan, or an error naming every environment variable that is not set. */
export function loginPlan(spec: LoginSpec, env: NodeJS.ProcessEnv): LoginPlan {
  const missing = spec.fields.map((f) => f.env).filter((name) => env[name] === undefined || env[name] === '');
  if (missing.length > 0) {
    const names = [...new Set(missing)];
    throw new LoginConfigError(
      `the manifest's login needs the environment variable${names.length > 1 ? 's' : ''} ${names.join(', ')}; set ${names.length > 1 ? 'them' : 'it'} to the login's value${names.length > 1 ? 's' : ''} (never write credentials into the manifest)`,
    );
  }
  return {
    url: spec.url,
    fields: spec.fields.map((f) => ({ selector: f.selector, env: f.env, value: env[f.env] ?? '' })),
    submit: spec.submit,
    success: spec.success,
  };
}

export type LoginResult = { ok: true } | { ok: false; message: string };

/** `https://app.test/dashboard*`: `*` is any run of characters, everything else literal. */
function urlGlob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 's');
}

function successText(success: LoginSuccess): string {
  if (success.selector !== undefined) return `element ${JSON.stringify(success.selector)}`;
  if (success.url !== undefined) return `address ${JSON.stringify(success.url)}`;
  return `cookie ${JSON.stringify(success.cookie ?? '')}`;
}

async function waitForCookie(context: BrowserContext, name: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await context.cookies()).some((c) => c.name === name)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Opens the login page in `context`, fills and submits the form, and waits for the success check.
 * Errors name the step and the selector, never a value.
 */
export async function logIn(context: BrowserContext, plan: LoginPlan, timeoutMs: number): Promise<LoginResult> {
  const page = await context.newPage();
  const stepTimeout = Math.min(timeoutMs, 15_000);
  try {
    try {
      await page.goto(plan.url, { waitUntil: 'load', timeout: timeoutMs });
    } catch (error) {
      return { ok: false, message: `the login page ${plan.url} could not be loaded: ${describeError(error).replace(/ at \S+$/, '')}` };
    }
    for (const field of plan.fields) {
      try {
        await page.locator(field.selector).first().fill(field.value, { timeout: stepTimeout });
      } catch (error) {
        const why = isTimeout(error) ? `was not found within ${stepTimeout} ms` : 'could not be filled';
        return { ok: false, message: `login field ${JSON.stringify(field.selector)} (from $${field.env}) ${why} on ${plan.url}` };
      }
    }
    try {
      await page.locator(plan.submit).first().click({ timeout: stepTimeout });
    } catch (error) {
      const why = isTimeout(error) ? `was not found or not clickable within ${stepTimeout} ms` : 'could not be clicked';
      return { ok: false, message: `login submit ${JSON.stringify(plan.submit)} ${why} on ${plan.url}` };
    }
    let succeeded: boolean;
    const { success } = plan;
    try {
      if (success.selector !== undefined) {
        await page.locator(success.selector).first().waitFor({ state: 'visible', timeout: timeoutMs });
        succeeded = true;
      } else if (success.url !== undefined) {
        const glob = urlGlob(success.url);
        await page.waitForURL((url) => glob.test(url.href), { timeout: timeoutMs, waitUntil: 'load' });
        succeeded = true;
      } else {
        succeeded = await waitForCookie(context, success.cookie ?? '', timeoutMs);
      }
    } catch {
      succeeded = false;
    }
    if (!succeeded) {
      return {
        ok: false,
        message: `login at ${plan.url} did not succeed: the ${successText(success)} did not appear within ${timeoutMs} ms; check the credentials in ${plan.fields.map((f) => `$${f.env}`).join(', ')} and the manifest's login.success`,
      };
    }
    // Whatever the landing page sets in its first moments belongs to the signed-in state.
    await page.waitForLoadState('load', { timeout: stepTimeout }).catch(() => undefined);
    return { ok: true };
  } finally {
    await page.close().catch(() => undefined);
  }
}
