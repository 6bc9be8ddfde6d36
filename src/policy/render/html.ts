/** The cookie policy as one HTML page, every text from the manifest escaped in one place (`escape`). */
import { forbiddenSentence, introSentence, type PolicyDocument } from './document.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const row = (cells: string[], tag = 'td') => `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;

export function policyHtml(doc: PolicyDocument): string {
  const e = escapeHtml;
  const title = doc.site === undefined ? 'Cookie policy' : `Cookie policy · ${doc.site}`;
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}code{font-size:.95em}</style>',
    '</head>',
    '<body>',
    '<main>',
    `<h1>${e(title)}</h1>`,
    `<p>${e(introSentence(doc.site))}</p>`,
  ];
  for (const section of doc.sections) {
    out.push(`<h2>${e(section.title)}</h2>`);
    if (section.description !== '') out.push(`<p>${e(section.description)}</p>`);
    if (section.forbidden) out.push(`<p>${e(forbiddenSentence(section.category))}</p>`);
    if (section.cookies.length > 0) {
      out.push('<table>', `<thead>${row(['Cookie', 'Provider', 'Purpose', 'Lifetime', 'Party'], 'th')}</thead>`, '<tbody>');
      for (const c of section.cookies) out.push(row([`<code>${e(c.name)}</code>`, e(c.provider), e(c.purpose), e(c.lifetime), e(c.party)]));
      out.push('</tbody>', '</table>');
    }
    if (section.storage.length > 0) {
      out.push('<table>', `<thead>${row(['Key', 'Type', 'Purpose'], 'th')}</thead>`, '<tbody>');
      for (const s of section.storage) out.push(row([`<code>${e(s.key)}</code>`, e(s.type), e(s.purpose)]));
      out.push('</tbody>', '</table>');
    }
  }
  if (doc.thirdParties.length > 0) {
    out.push('<h2>Third parties</h2>', '<table>', `<thead>${row(['Third party', 'Domains', 'Category', 'Purpose'], 'th')}</thead>`, '<tbody>');
    for (const t of doc.thirdParties) out.push(row([e(t.name), e(t.domains), e(t.category), e(t.purpose)]));
    out.push('</tbody>', '</table>');
  }
  out.push('</main>', '</body>', '</html>', '');
  return out.join('\n');
}
