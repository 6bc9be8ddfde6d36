/** The site's declared policy, as loaded and validated from a manifest file. */
import type { StorageType } from '../evidence/types.js';

export type Category = 'necessary' | 'functional' | 'analytics' | 'marketing';
export const CATEGORIES: readonly Category[] = ['necessary', 'functional', 'analytics', 'marketing'];

/** Where in the manifest file a declaration was written (1-based line), for error messages and SARIF. */
export interface SourceLocation {
  file: string;
  line: number;
}

/** A consent step: click one selector, or a sequence of clicks (open settings, untick, save). */
export interface ConsentStep {
  selector?: string;
  clicks?: string[];
}

export interface CookieDeclaration {
  /** Exact name, or a glob with * */
  name: string;
  category: Category;
  /** The text the manifest used ("session", "24h", "13 months"). */
  expires?: string;
  /** Parsed expires: seconds, or null for a session cookie; absent when not declared. */
  expiresSeconds?: number | null;
  provider?: string;
  purpose?: string;
  /** Optional domain the cookie must be set on (e.g. ".stripe.com"). */
  domain?: string;
  /** Index in manifest.cookies. */
  index: number;
  location?: SourceLocation;
}

export interface StorageDeclaration {
  /** Exact key or a glob with * */
  key: string;
  type: StorageType;
  category: Category;
  purpose?: string;
  index: number;
  location?: SourceLocation;
}

export interface ThirdPartyDeclaration {
  name: string;
  /** Registrable domains (or hosts) the third party operates; cookies on them are declared by it. */
  domains: string[];
  category: Category;
  purpose?: string;
  index: number;
  location?: SourceLocation;
}

/** One form field the login fills: the value comes from an environment variable, never from the manifest. */
export interface LoginField {
  selector: string;
  /** Name of the environment variable holding the value (e.g. AUDIT_PASSWORD). */
  env: string;
}

/** How to tell the login worked: exactly one of an element, a URL glob, or a cookie name. */
export interface LoginSuccess {
  selector?: string;
  url?: string;
  cookie?: string;
}

/** Signing in before the audit, so the pages behind the login are audited too. */
export interface LoginSpec {
  url: string;
  fields: LoginField[];
  /** Selector of the element that submits the form. */
  submit: string;
  success: LoginSuccess;
}

export interface PolicyManifest {
  /** Path of the manifest file, when loaded from one. */
  file?: string;
  site?: string;
  login?: LoginSpec;
  consent: {
    /** Categories allowed before consent; default ['necessary']. */
    beforeConsent: Category[];
    accept?: ConsentStep;
    reject?: ConsentStep;
    honorsGpc?: boolean;
    /**
     * 'none': the site has no consent banner by design. Without it, a consent phase that could not give its
     * answer while the policy declares what needs consent leaves the audit incomplete (exit 3).
     */
    banner?: 'none';
  };
  /** Categories the policy forbids outright ("we use no advertising cookies"). */
  categories: Partial<Record<Category, 'allowed' | 'forbidden'>>;
  cookies: CookieDeclaration[];
  storage: StorageDeclaration[];
  thirdParties: ThirdPartyDeclaration[];
}

/** What a cookie or storage entry matched in the manifest. */
export type DeclarationRef =
  | { kind: 'cookie'; index: number; name: string; category: Category; location?: SourceLocation }
  | { kind: 'storage'; index: number; key: string; category: Category; location?: SourceLocation }
  | { kind: 'thirdParty'; index: number; name: string; category: Category; location?: SourceLocation };

/** One problem with a manifest file, as `file:line: path: message`. */
export interface PolicyError {
  file: string;
  line?: number;
  /** JSON pointer-like path inside the manifest, e.g. /cookies/2/expires */
  path: string;
  message: string;
}
