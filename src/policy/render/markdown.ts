/** The cookie policy as Markdown (for a README or a docs site); every text from the manifest escaped in one place (`cell`). */
import { forbiddenSentence, introSentence, type PolicyDocument } from './document.js';

/** Text in a table cell: Markdown and HTML syntax characters escaped, lines joined. */
export function cell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`);
}

/** A name as code: a run of backticks longer than any inside it, padded when it starts or ends with one. */
export function code(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

export function policyMarkdown(doc: PolicyDocument): string {
  const out: string[] = [`# ${cell(doc.site === undefined ? 'Cookie policy' : `Cookie policy · ${doc.site}`)}`, '', cell(introSentence(doc.site)), ''];
  for (const section of doc.sections) {
    out.push(`## ${section.title}`, '');
    if (section.description !== '') out.push(section.description, '');
    if (section.forbidden) out.push(forbiddenSentence(section.category), '');
    if (section.cookies.length > 0) {
      out.push(row(['Cookie', 'Provider', 'Purpose', 'Lifetime', 'Party']), row(['---', '---', '---', '---', '---']));
      for (const c of section.cookies) out.push(row([code(c.name), cell(c.provider), cell(c.purpose), cell(c.lifetime), c.party]));
      out.push('');
    }
    if (section.storage.length > 0) {
      out.push(row(['Key', 'Type', 'Purpose']), row(['---', '---', '---']));
      for (const s of section.storage) out.push(row([code(s.key), cell(s.type), cell(s.purpose)]));
      out.push('');
    }
  }
  if (doc.thirdParties.length > 0) {
    out.push('## Third parties', '', row(['Third party', 'Domains', 'Category', 'Purpose']), row(['---', '---', '---', '---']));
    for (const t of doc.thirdParties) out.push(row([cell(t.name), cell(t.domains), cell(t.category), cell(t.purpose)]));
    out.push('');
  }
  return out.join('\n');
}
