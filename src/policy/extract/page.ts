/** What the page as a whole says besides its declarations: the site's name, the banner's buttons. */
import { attr, findAll, normalise, textOf, type ParentNode } from './html.js';

/** "Cookie Policy · Orion CRM" → "Orion CRM": the part of the title that is not about the policy. */
export function siteName(document: ParentNode): string | undefined {
  const metas = findAll(document, (e) => e.tagName === 'meta');
  const ogName = metas.find((m) => attr(m, 'property') === 'og:site_name');
  const fromMeta = ogName ? normalise(attr(ogName, 'content') ?? '') : '';
  if (fromMeta) return fromMeta;
  const title = findAll(document, (e) => e.tagName === 'title')[0];
  if (!title) return undefined;
  const parts = textOf(title)
    .split(/\s+[|·•—–-]\s+|:\s+/)
    .map((part) => part.trim())
    .filter((part) => part !== '' && !/\b(?:cookies?|privacy|policy|notice|statement|legal|declaration)\b|cookie|richtlinie|politique|política|datenschutz/i.test(part));
  return parts[0];
}

/** The banner's accept-all / reject-all buttons, when each is one button with an id. */
export function consentButtons(document: ParentNode): { accept?: { selector: string }; reject?: { selector: string } } {
  const buttons = findAll(document, (e) => e.tagName === 'button' || (e.tagName === 'a' && attr(e, 'role') === 'button'));
  const pick = (pattern: RegExp) => {
    const matching = buttons.filter((b) => pattern.test(textOf(b)));
    const id = matching.length === 1 && matching[0] ? attr(matching[0], 'id') : undefined;
    return id !== undefined && /^[A-Za-z][\w-]*$/.test(id) ? { selector: `#${id}` } : undefined;
  };
  const accept = pick(/^(?:accept|allow|agree to)(?: all)?(?: cookies)?$/i);
  const reject = pick(/^(?:reject|decline|refuse|deny)(?: all)?(?: optional)?(?: cookies)?$/i);
  return { ...(accept && { accept }), ...(reject && { reject }) };
}
