import { describe, expect, it } from 'vitest';
import { junitReporter } from '../../src/report/junit.js';
import type { AuditReport } from '../../src/report/types.js';
import { cdata, escape } from '../../src/report/xml.js';
import { cookie, evidence, finding, fullFindings, fullSite, manifestFinding, phase, report, SITE, site, storage } from './factory.js';
import { elements, parseXml, textOf, type XmlTreeElement } from './strict-xml.js';

const parse = (built: AuditReport) => parseXml(junitReporter.render(built, { color: false }));
const suites = (root: XmlTreeElement) => elements(root, 'testsuite');
const cases = (suite: XmlTreeElement) => elements(suite, 'testcase');
const suiteNamed = (root: XmlTreeElement, name: string) => {
  const found = suites(root).find((suite) => suite.attributes['name'] === name);
  if (!found) throw new Error(`no suite ${name}; have ${suites(root).map((s) => s.attributes['name']).join(' | ')}`);
  return found;
};
const caseNamed = (suite: XmlTreeElement, name: string) => {
  const found = cases(suite).find((testcase) => testcase.attributes['name'] === name);
  if (!found) throw new Error(`no testcase ${name}; have ${cases(suite).map((c) => c.attributes['name']).join(' | ')}`);
  return found;
};

/** What XML can carry of a string, computed independently of src/report/xml.ts: XML 1.0 Chars minus DEL/C1. */
function representable(text: string): string {
  return [...text]
    .filter((char) => {
      const code = char.codePointAt(0) ?? 0;
      const xmlChar =
        code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
      return xmlChar && !(code >= 0x7f && code <= 0x9f);
    })
    .join('');
}

/** Suite and root counts must equal what the children actually say. */
function expectCountsMatch(root: XmlTreeElement) {
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of suites(root)) {
    const testcases = cases(suite);
    const counts = {
      tests: testcases.length,
      failures: testcases.filter((c) => elements(c, 'failure').length > 0).length,
      errors: testcases.filter((c) => elements(c, 'error').length > 0).length,
      skipped: testcases.filter((c) => elements(c, 'skipped').length > 0).length,
    };
    expect(suite.attributes, String(suite.attributes['name'])).toMatchObject(
      Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, String(value)])),
    );
    for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += counts[key];
  }
  expect(root.attributes).toMatchObject(Object.fromEntries(Object.entries(total).map(([k, v]) => [k, String(v)])));
}

describe('junit reporter', () => {
  const full = report({ sites: [fullSite()], findings: fullFindings(), phases: ['pre', 'reject', 'accept', 'gpc'] });

  it('has one suite per site × phase plus one for the manifest, with correct counts', () => {
    const root = parse(full);
    expect(root.name).toBe('testsuites');
    expect(suites(root).map((s) => s.attributes['name'])).toEqual([
      `${SITE} · pre`,
      `${SITE} · reject`,
      `${SITE} · accept`,
      `${SITE} · gpc`,
      `${SITE} · manifest`,
    ]);
    expect(root.attributes).toMatchObject({ tests: '9', failures: '3', errors: '1', skipped: '1' });
    expectCountsMatch(root);
  });

  it('has one testcase per observed cookie and storage entry, classname = phase', () => {
    const pre = suiteNamed(parse(full), `${SITE} · pre`);
    expect(cases(pre).map((c) => [c.attributes['classname'], c.attributes['name']])).toEqual([
      ['pre', 'cookie _ga (.demo.test)'],
      ['pre', 'cookie session (demo.test)'],
      ['pre', 'indexedDB db (https://demo.test)'],
      ['pre', 'localStorage tracker_id (https://demo.test)'],
    ]);
  });

  it('fails the testcase of the item a finding concerns, with the message and a body of ruleId, severity, page, evidence', () => {
    const testcase = caseNamed(suiteNamed(parse(full), `${SITE} · pre`), 'cookie _ga (.demo.test)');
    const [failure] = elements(testcase, 'failure');
    expect(failure?.attributes).toEqual({
      message: 'Analytics cookie "_ga" was set before consent.',
      type: 'cookie-before-consent',
    });
    expect(textOf(failure!)).toBe(
      [
        '[error] cookie-before-consent: Analytics cookie "_ga" was set before consent.',
        'page: https://demo.test/',
        'declaration: cookie #0 "_ga" (analytics) at cookie-policy.yml:12',
        'evidence: declaredSeconds=86400, storedSeconds=34560000, requestedSeconds=null, capped=true, note="x"',
      ].join('\n'),
    );
  });

  it('reports info findings as system-out on a passing testcase', () => {
    const testcase = caseNamed(suiteNamed(parse(full), `${SITE} · pre`), 'localStorage tracker_id (https://demo.test)');
    expect(elements(testcase, 'failure')).toEqual([]);
    expect(textOf(elements(testcase, 'system-out')[0]!)).toContain('[info] undeclared-storage');
  });

  it('lists every manifest entry and fails the one a manifest finding names', () => {
    const manifest = suiteNamed(parse(full), `${SITE} · manifest`);
    expect(cases(manifest).map((c) => c.attributes['name'])).toEqual([
      'declared cookie _ga (analytics)',
      'declared storage tracker_id (marketing)',
      'declared third party Stripe (necessary)',
    ]);
    expect(elements(caseNamed(manifest, 'declared storage tracker_id (marketing)'), 'failure')).toHaveLength(1);
  });

  it('marks skipped phases skipped and failed phases as errors', () => {
    const root = parse(full);
    const skipped = elements(caseNamed(suiteNamed(root, `${SITE} · accept`), 'phase accept'), 'skipped');
    expect(skipped[0]?.attributes['message']).toBe('The manifest has no accept selector.');
    const error = elements(caseNamed(suiteNamed(root, `${SITE} · gpc`), 'phase gpc'), 'error')[0];
    expect(error?.attributes['message']).toBe('No page of the gpc phase could be loaded');
    expect(textOf(error!)).toBe('timeout https://demo.test/broken: Timed out after 30s');
  });

  it('gives findings not tied to an observed item a testcase of their own', () => {
    const root = parse(
      report({
        findings: [
          finding({ item: { type: 'cookie', name: 'gone', domain: '.demo.test' }, message: 'not observed' }),
          manifestFinding({ item: { type: 'declaration', name: 'nowhere' } }),
        ],
      }),
    );
    expect(elements(caseNamed(suiteNamed(root, `${SITE} · pre`), 'cookie-before-consent: cookie gone (.demo.test)'), 'failure')).toHaveLength(1);
    expect(caseNamed(suiteNamed(root, `${SITE} · manifest`), 'declared-not-observed: declaration nowhere').attributes['classname']).toBe('manifest');
    expectCountsMatch(root);
  });

  it('matches storage by type as well as key and origin', () => {
    const root = parse(
      report({
        sites: [site({ evidence: evidence({ phases: [phase({ phase: 'pre', storage: [storage(), storage({ type: 'sessionStorage' })] })] }) })],
        findings: [finding({ item: { type: 'storage', name: 'tracker_id', domain: 'https://demo.test', storageType: 'sessionStorage' } })],
      }),
    );
    const pre = suiteNamed(root, `${SITE} · pre`);
    expect(elements(caseNamed(pre, 'sessionStorage tracker_id (https://demo.test)'), 'failure')).toHaveLength(1);
    expect(elements(caseNamed(pre, 'localStorage tracker_id (https://demo.test)'), 'failure')).toHaveLength(0);
  });

  it('puts several findings on one item into one <failure>, counted once', () => {
    const root = parse(
      report({
        sites: [site({ evidence: evidence({ phases: [phase({ phase: 'pre', cookies: [cookie()] })] }) })],
        findings: [finding(), finding({ ruleId: 'expiry-exceeds-declared', severity: 'warning', message: 'Too long.' })],
      }),
    );
    const testcase = caseNamed(suiteNamed(root, `${SITE} · pre`), 'cookie _ga (.demo.test)');
    const failures = elements(testcase, 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.attributes).toEqual({
      message: 'Analytics cookie "_ga" was set before consent. (+1 more)',
      type: 'cookie-before-consent expiry-exceeds-declared',
    });
    expect(textOf(failures[0]!)).toContain('[warning] expiry-exceeds-declared: Too long.');
    expect(root.attributes).toMatchObject({ tests: '1', failures: '1' });
  });

  it('adds an error suite for an unreachable site', () => {
    const down = site({ policyFile: null, evidence: evidence({ status: 'unreachable', phases: [] }) });
    const root = parse(report({ sites: [down] }));
    expect(suites(root).map((s) => s.attributes['name'])).toEqual([`${SITE} · site`]);
    expect(root.attributes).toMatchObject({ tests: '1', errors: '1' });
  });

  it('is well-formed and keeps what XML can carry for hostile cookie names and messages', () => {
    const hostile = [
      '<script>alert(1)</script>',
      'a&b&amp;',
      '"double" \'single\'',
      'x]]>y',
      ']]]]>>',
      ']]\u0001>',
      'ctl\u0001\u0008\u000b\u000c\u001f\u007f\u0085\u009bz',
      'esc\u001b[31mred',
      'tab\there\nnewline\r\ncrlf',
      '🍪 cookie',
      'lone\ud800high',
      'lone\udc00low',
      'pair\ud83c\udf6aok',
      'bom\ufeff nonchar\ufffe\uffff',
    ];
    const built = report({
      sites: [
        site({
          declared: hostile.map((name, index) => ({ kind: 'cookie' as const, index, name, category: 'analytics' as const, observed: false })),
          evidence: evidence({
            url: SITE,
            phases: [
              phase({ phase: 'pre', cookies: hostile.map((name) => cookie({ name, domain: `.${name}` })) }),
              phase({ phase: 'accept', status: 'skipped', skipReason: hostile.join(' | ') }),
            ],
          }),
        }),
      ],
      findings: hostile.map((name) =>
        finding({ item: { type: 'cookie', name, domain: `.${name}` }, message: `Cookie ${name} is bad ]]> ${name}`, page: name }),
      ),
    });

    const root = parse(built); // throws on anything a conforming parser would reject
    expectCountsMatch(root);
    const pre = suiteNamed(root, `${SITE} · pre`);
    for (const name of hostile) {
      // Attribute values round-trip through char references, tabs and line breaks included.
      const testcase = caseNamed(pre, representable(`cookie ${name} (.${name})`));
      const failure = elements(testcase, 'failure')[0];
      expect(failure?.attributes['message']).toBe(representable(`Cookie ${name} is bad ]]> ${name}`));
      // CDATA split on ]]> gives the original text back when the sections are joined.
      expect(textOf(failure!)).toContain(representable(`Cookie ${name} is bad ]]> ${name}`).replace(/\r\n?/g, '\n'));
      expect(textOf(failure!)).toContain(`page: ${representable(name).replace(/\r\n?/g, '\n')}`);
    }
    expect(elements(caseNamed(suiteNamed(root, `${SITE} · accept`), 'phase accept'), 'skipped')[0]?.attributes['message']).toBe(
      representable(hostile.join(' | ')),
    );
    expect(cases(suiteNamed(root, `${SITE} · manifest`))).toHaveLength(hostile.length);
  });
});

describe('xml escaping', () => {
  it('escape() handles the five specials, keeps tab/newline/CR as references, strips forbidden characters', () => {
    expect(escape(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escape('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
    expect(escape('a\u0000b\u0001c\u001bd\ud800e\ufffef\uffffg')).toBe('abcdefg');
    expect(escape('🍪\ud83c\udf6a')).toBe('🍪🍪');
  });

  it('cdata() splits ]]> across sections instead of rewriting it', () => {
    expect(cdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
    expect(cdata(']]>]]>')).toBe('<![CDATA[]]]]><![CDATA[>]]]]><![CDATA[>]]>');
    // Stripping comes first, so a removed control character cannot leave a section-ending ]]> behind.
    expect(cdata(']]\u0001>')).toBe('<![CDATA[]]]]><![CDATA[>]]>');
    for (const text of ['a]]>b', ']]>]]>', ']]]>>', 'plain', '', ']]\u0001>']) {
      const parsed = parseXml(`<r>${cdata(text)}</r>`);
      expect(textOf(parsed)).toBe(representable(text));
    }
  });

  it('the test parser rejects what it must (so the tests above prove something)', () => {
    expect(() => parseXml('<r>\u0001</r>')).toThrow(/forbidden character/);
    expect(() => parseXml('<r a="<"/>')).toThrow();
    expect(() => parseXml('<r>a ]]> b</r>')).toThrow();
    expect(() => parseXml('<r>&bogus;</r>')).toThrow();
    expect(() => parseXml('<r>&#1;</r>')).toThrow();
    expect(() => parseXml('<r><![CDATA[a]]>b]]></r>')).toThrow();
    expect(() => parseXml('<r a="1" a="2"/>')).toThrow();
    expect(() => parseXml('<r>\ud800</r>')).toThrow(/forbidden character/);
    expect(() => parseXml('<r><a></r></a>')).toThrow();
  });
});
