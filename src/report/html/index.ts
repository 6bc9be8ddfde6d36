/**
 * report.html: one self-contained file for people — a privacy officer, a regulator, a client. Like
 * Lighthouse's report, the page holds its data as JSON in a non-executing <script type="application/json">
 * and one script renders everything from it with DOM APIs (page.ts). Nothing from the scanned site is
 * ever written into the markup itself; in the JSON, `<`, U+2028 and U+2029 are escaped so no text can
 * close the data element or break the script that reads it.
 *
 * A Content-Security-Policy allows only the page's own script and style (by hash) and data: images, so
 * the report makes no network request when opened, even if someone edits it.
 */
import { createHash } from 'node:crypto';
import type { Reporter } from '../types.js';
import { buildHtmlModel, type HtmlModel } from './model.js';
import { renderReport } from './page.js';
import { STYLE } from './style.js';

export const htmlReporter: Reporter = {
  name: 'html',
  fileName: 'report.html',
  render: (report, options) => renderHtml(buildHtmlModel(report, options.outDir)),
};

/** JSON that is safe inside a <script> element: nothing in it can end the element or the script. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export function renderHtml(model: HtmlModel): string {
  const script = `(${renderReport.toString()})(JSON.parse(document.getElementById('cookie-audit-data').textContent), document);`;
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(STYLE)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    // The real title is set from the data by the script; this one names the file until then.
    '<title>cookie-audit report</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<noscript><p>This report renders with JavaScript. The data is in the script element below and in report.json.</p></noscript>',
    `<script type="application/json" id="cookie-audit-data">${inlineJson(model)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
