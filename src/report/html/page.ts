/**
 * The script inside report.html. It runs in the reader's browser and renders the page from the
 * model JSON only, with DOM APIs: every string goes in through textContent or an attribute set by
 * setAttribute, never through innerHTML, so text from the scanned site can never become markup.
 *
 * The function is embedded into the HTML with Function.prototype.toString(), so it must be
 * self-contained: no imports, no references to anything outside its own body (types are erased).
 */
import type { HtmlBanner, HtmlCookie, HtmlFinding, HtmlFindingLink, HtmlMatrix, HtmlModel, HtmlPhase, HtmlSite, HtmlStorage } from './model.js';

export function renderReport(model: HtmlModel, doc: Document): void {
  type Cell = string | number | Node;
  interface Column<T> {
    label: string;
    value: (row: T) => Cell;
    /** Sort key when it differs from the shown text (numbers sort numerically). */
    sort?: (row: T) => string | number;
    numeric?: boolean;
  }

  function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, ...children: (Cell | null | undefined)[]): HTMLElementTagNameMap[K] {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === 'object' ? child : doc.createTextNode(String(child)));
    }
    return node;
  }

  /** A link only for http(s) URLs; anything else stays text. */
  function urlNode(url: string): Cell {
    if (url === '') return '';
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return url;
    } catch {
      return url;
    }
    const a = el('a', undefined, url);
    a.setAttribute('href', url);
    a.setAttribute('rel', 'noreferrer noopener');
    a.setAttribute('target', '_blank');
    return a;
  }

  function badge(severity: string): HTMLElement {
    return el('span', `badge sev-${severity === 'error' || severity === 'warning' || severity === 'info' ? severity : 'other'}`, severity);
  }

  let tableCount = 0;
  /** Per row id: shows the row again when a filter hid it (a link to a finding must land on a visible row). */
  const unhide = new Map<string, () => void>();
  /** A table with a filter box and sortable columns (click a header; again to reverse). */
  function table<T>(caption: string, columns: Column<T>[], rows: T[], empty: string, rowId?: (row: T) => string): HTMLElement {
    const wrap = el('div', 'table-wrap');
    if (rows.length === 0) {
      wrap.append(el('p', 'empty', empty));
      return wrap;
    }
    tableCount += 1;
    const id = `t${tableCount}`;
    const tools = el('div', 'table-tools');
    const filter = el('input', 'filter');
    filter.setAttribute('type', 'search');
    filter.setAttribute('placeholder', 'Filter rows…');
    filter.setAttribute('aria-label', `Filter ${caption}`);
    filter.setAttribute('aria-controls', id);
    const shown = el('span', 'shown', `${rows.length} of ${rows.length}`);
    tools.append(filter, shown);

    const tableEl = el('table');
    tableEl.id = id;
    tableEl.append(el('caption', undefined, caption));
    const headRow = el('tr');
    const body = el('tbody');
    const rendered = rows.map((row) => {
      const tr = el('tr');
      const idOfRow = rowId ? rowId(row) : '';
      if (idOfRow) {
        tr.id = idOfRow;
        unhide.set(idOfRow, () => {
          if (!tr.hidden) return;
          filter.value = '';
          filter.dispatchEvent(new Event('input'));
        });
      }
      const keys = columns.map((column) => {
        const value = column.value(row);
        const td = el('td', column.numeric ? 'num' : undefined, value);
        tr.append(td);
        const key = column.sort ? column.sort(row) : typeof value === 'object' ? (value.textContent ?? '') : value;
        return key;
      });
      return { tr, keys, text: (tr.textContent ?? '').toLowerCase() };
    });
    let sortedBy = -1;
    let ascending = true;
    columns.forEach((column, index) => {
      const th = el('th', column.numeric ? 'num' : undefined);
      const button = el('button', 'sort', column.label);
      button.setAttribute('type', 'button');
      button.addEventListener('click', () => {
        ascending = sortedBy === index ? !ascending : true;
        sortedBy = index;
        for (const cell of Array.from(headRow.children)) cell.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        const ordered = [...rendered].sort((a, b) => {
          const x = a.keys[index];
          const y = b.keys[index];
          const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
          return ascending ? order : -order;
        });
        for (const row of ordered) body.append(row.tr);
      });
      th.append(button);
      headRow.append(th);
    });
    const head = el('thead');
    head.append(headRow);
    for (const row of rendered) body.append(row.tr);
    tableEl.append(head, body);
    filter.addEventListener('input', () => {
      const query = filter.value.trim().toLowerCase();
      let visible = 0;
      for (const row of rendered) {
        const match = query === '' || row.text.includes(query);
        row.tr.hidden = !match;
        if (match) visible += 1;
      }
      shown.textContent = `${visible} of ${rendered.length}`;
    });
    wrap.append(tools, tableEl);
    return wrap;
  }

  function evidenceList(pairs: [string, string][]): Cell {
    if (pairs.length === 0) return '';
    const dl = el('dl', 'evidence');
    for (const [key, value] of pairs) dl.append(el('dt', undefined, key), el('dd', undefined, value));
    // Collapsed, so rows stay short; a click shows the facts.
    const details = el('details', undefined, el('summary', undefined, `${pairs.length} fact${pairs.length === 1 ? '' : 's'}`), dl);
    return details;
  }

  function findingColumns(multiSite: boolean, withBaseline: boolean): Column<HtmlFinding>[] {
    const rank: Record<string, number> = { error: 0, warning: 1, info: 2 };
    const columns: Column<HtmlFinding>[] = [
      { label: 'Severity', value: (f) => badge(f.severity), sort: (f) => rank[f.severity] ?? 3 },
    ];
    if (withBaseline) columns.push({ label: 'Baseline', value: (f) => el('span', `baseline-${f.baseline}`, f.baseline) });
    columns.push(
      { label: 'Rule', value: (f) => el('span', 'rule', el('code', undefined, f.ruleId), f.ruleTitle ? el('small', undefined, f.ruleTitle) : null), sort: (f) => f.ruleId },
      { label: 'Phase', value: (f) => f.phase },
    );
    if (multiSite) columns.push({ label: 'Site', value: (f) => f.site });
    columns.push(
      { label: 'Item', value: (f) => f.item },
      { label: 'What to fix', value: (f) => f.message },
      { label: 'Page', value: (f) => urlNode(f.page), sort: (f) => f.page },
      { label: 'Declaration', value: (f) => f.declaration },
      { label: 'Evidence', value: (f) => evidenceList(f.evidence), sort: (f) => f.evidence.map((p) => p.join('=')).join(' ') },
    );
    return columns;
  }

  function cookieColumns(withValues: boolean): Column<HtmlCookie>[] {
    const columns: Column<HtmlCookie>[] = [{ label: 'Name', value: (c) => el('span', 'name', c.name), sort: (c) => c.name }];
    if (withValues) columns.push({ label: 'Value', value: (c) => el('span', 'value', c.value), sort: (c) => c.value });
    columns.push(
      { label: 'Provider', value: (c) => c.provider },
      { label: 'Category', value: (c) => el('span', undefined, c.category, el('small', undefined, c.categorySource)), sort: (c) => `${c.category} ${c.categorySource}` },
      { label: 'Domain', value: (c) => c.domain },
      { label: 'Path', value: (c) => c.path },
      { label: 'Party', value: (c) => c.party },
      { label: 'Lifetime', value: (c) => (c.requested && c.requested !== c.lifetime ? `${c.lifetime} (asked ${c.requested})` : c.lifetime), sort: (c) => c.lifetimeSeconds },
      { label: 'Flags', value: (c) => c.flags },
      { label: 'Set by', value: (c) => c.setBy },
      { label: 'First page', value: (c) => urlNode(c.firstPage), sort: (c) => c.firstPage },
      { label: 'Findings', value: (c) => c.findings, numeric: true },
    );
    return columns;
  }

  function storageColumns(withValues: boolean): Column<HtmlStorage>[] {
    const columns: Column<HtmlStorage>[] = [
      { label: 'Type', value: (s) => s.type },
      { label: 'Key', value: (s) => el('span', 'name', s.key), sort: (s) => s.key },
    ];
    if (withValues) columns.push({ label: 'Value', value: (s) => el('span', 'value', s.value), sort: (s) => s.value });
    columns.push(
      { label: 'Origin', value: (s) => s.origin },
      { label: 'Party', value: (s) => s.party },
      { label: 'Category', value: (s) => el('span', undefined, s.category, el('small', undefined, s.categorySource)), sort: (s) => `${s.category} ${s.categorySource}` },
      { label: 'Size', value: (s) => s.size, numeric: true },
      { label: 'Set by', value: (s) => s.setBy },
      { label: 'Frame', value: (s) => urlNode(s.frame), sort: (s) => s.frame },
      { label: 'First page', value: (s) => urlNode(s.firstPage), sort: (s) => s.firstPage },
      { label: 'Findings', value: (s) => s.findings, numeric: true },
    );
    return columns;
  }

  const SYMBOL: Record<string, string> = { error: '✖', warning: '▲', info: 'ℹ' };
  /** A finding as a small mark that jumps to its row in the findings table. */
  function findingMark(finding: HtmlFindingLink, withRule: boolean): HTMLElement {
    const severity = finding.severity === 'error' || finding.severity === 'warning' || finding.severity === 'info' ? finding.severity : 'other';
    const mark = el('a', `mark sev-${severity}`, SYMBOL[severity] ?? '•', withRule ? ` ${finding.ruleId}` : '');
    mark.setAttribute('href', `#${finding.id}`);
    mark.setAttribute('title', `${finding.severity} ${finding.ruleId}: ${finding.message}`);
    mark.addEventListener('click', () => unhide.get(finding.id)?.());
    return mark;
  }

  /** A colour swatch, painted only from the model's rebuilt rgb()/rgba() value (never the site's own text). */
  function swatch(color: string): HTMLElement | null {
    if (!/^rgba?\([0-9., ]+\)$/.test(color)) return null;
    const chip = el('span', 'swatch');
    chip.style.backgroundColor = color;
    chip.setAttribute('aria-hidden', 'true');
    return chip;
  }

  const CATEGORY_TONES = ['necessary', 'functional', 'analytics', 'marketing', 'unknown'];
  /** One table per site: a row per cookie and storage entry, a column per phase, cells coloured by category. */
  function matrixTable(site: HtmlSite, matrix: HtmlMatrix): HTMLElement {
    const wrap = el('div', 'matrix-wrap');
    if (matrix.rows.length === 0) {
      wrap.append(el('p', 'empty', `${site.url}: no cookies or storage entries in any phase.`));
      return wrap;
    }
    const tableEl = el('table', 'matrix');
    tableEl.append(el('caption', undefined, site.url));
    const head = el('tr', undefined, el('th', undefined, 'Item'), el('th', undefined, 'Where'));
    for (const phase of matrix.phases) head.append(el('th', 'phase-col', phase.phase, phase.status === 'completed' ? null : el('small', undefined, phase.status)));
    const thead = el('thead');
    thead.append(head);
    const body = el('tbody');
    for (const row of matrix.rows) {
      const tr = el('tr', undefined, el('th', 'name', row.kind === 'cookie' ? '' : el('small', undefined, row.kind), row.name), el('td', 'where', row.where));
      row.cells.forEach((cell, index) => {
        const phase = matrix.phases[index];
        if (cell === null) {
          const notRun = phase !== undefined && phase.status !== 'completed';
          tr.append(el('td', notRun ? 'cell not-run' : 'cell absent', notRun ? 'not run' : ''));
          return;
        }
        const tone = CATEGORY_TONES.includes(cell.tone) ? cell.tone : 'unknown';
        const td = el('td', `cell cat-${tone}${cell.findings.length > 0 ? ' flagged' : ''}`, el('span', 'cat', cell.category));
        for (const finding of cell.findings) td.append(' ', findingMark(finding, false));
        tr.append(td);
      });
      body.append(tr);
    }
    tableEl.append(thead, body);
    wrap.append(tableEl);
    return wrap;
  }

  function answerLine(label: string, answer: HtmlBanner['accept']): HTMLElement {
    const line = el('p', 'answer', el('strong', undefined, label), ' ');
    if (answer.clicks.length === 0) {
      line.append(el('span', 'empty', answer.none));
      return line;
    }
    line.append(`${answer.clicks.length} click${answer.clicks.length === 1 ? '' : 's'}: `);
    answer.clicks.forEach((click, index) => {
      if (index > 0) line.append(' → ');
      line.append(el('span', `click layer-${click.layer === 'second' ? 'second' : 'first'}`, click.role === 'toggle' ? `switch off “${click.text}”` : `“${click.text}”`, el('small', undefined, ` ${click.role}, ${click.layer} layer`)));
    });
    return line;
  }

  function bannerSection(site: HtmlSite, banner: HtmlBanner): HTMLElement {
    const section = el('section', 'banner');
    section.append(el('h3', undefined, 'Consent banner ', el('small', undefined, `as the ${banner.phase} phase saw it`)));
    section.append(
      el('p', 'facts', `Found by ${banner.foundBy} in the ${banner.where}`, banner.signals ? ` — ${banner.signals}` : ''),
      el('blockquote', 'banner-text', banner.text),
    );
    const shots = el('div', 'screenshots');
    for (const phase of site.phases) {
      if (!banner.screenshotPhases.includes(phase.phase)) continue;
      for (const shot of phase.consent?.screenshots ?? []) shots.append(screenshotFigure(site, phase, shot));
    }
    if (shots.childElementCount > 0) section.append(shots);

    if (banner.controls.length > 0) {
      // Side by side: a column per control, so accept and refuse compare at a glance.
      const tableEl = el('table', 'controls');
      tableEl.append(el('caption', undefined, `First-layer controls · ${site.url}`));
      const rows: [string, (c: HtmlBanner['controls'][number]) => (string | Node | null)[]][] = [
        ['Text', (c) => [el('span', 'name', c.text)]],
        ['Element', (c) => [c.element]],
        ['Size', (c) => [c.size]],
        ['Font', (c) => [c.font]],
        ['Text colour', (c) => [swatch(c.colorSwatch), c.color]],
        ['Background', (c) => [swatch(c.backgroundSwatch), c.background]],
        ['Contrast', (c) => [c.contrast]],
      ];
      const head = el('tr', undefined, el('th', undefined, 'Role'));
      for (const control of banner.controls) head.append(el('th', `role role-${control.role === 'accept' || control.role === 'reject' ? control.role : 'other'}`, control.role));
      const thead = el('thead');
      thead.append(head);
      const body = el('tbody');
      for (const [label, value] of rows) {
        const tr = el('tr', undefined, el('th', undefined, label));
        for (const control of banner.controls) tr.append(el('td', undefined, ...value(control)));
        body.append(tr);
      }
      tableEl.append(thead, body);
      section.append(el('div', 'table-wrap', tableEl));
    } else {
      section.append(el('p', 'empty', 'No controls were recorded on the first layer.'));
    }

    section.append(answerLine('To accept:', banner.accept), answerLine('To refuse:', banner.reject));

    if (banner.toggles !== null) {
      const list = el('ul', 'toggles');
      if (banner.toggles.length === 0) list.append(el('li', 'empty', 'The settings layer had no toggles.'));
      for (const toggle of banner.toggles) {
        list.append(el('li', toggle.finding ? 'flagged' : undefined, el('strong', undefined, toggle.label), ` (${toggle.category}): ${toggle.state} before anyone touched it`, toggle.finding ? ' ' : null, toggle.finding ? findingMark(toggle.finding, true) : null));
      }
      section.append(el('p', 'answer', el('strong', undefined, 'Toggles and checkboxes')), list);
    }
    const links = el('p', 'answer', el('strong', undefined, 'Policy links: '));
    if (banner.policyLinks.length === 0) links.append(el('span', 'empty', 'none'));
    banner.policyLinks.forEach((l, index) => links.append(index > 0 ? ', ' : '', l.text ? `${l.text} ` : '', el('span', undefined, urlNode(l.href))));
    section.append(links);
    if (banner.reopen) section.append(el('p', 'answer', el('strong', undefined, 'After consent: '), banner.reopen));
    if (banner.findings.length > 0) {
      const list = el('ul', 'banner-findings');
      for (const finding of banner.findings) list.append(el('li', undefined, findingMark(finding, true), ` ${finding.message}`));
      section.append(list);
    }
    return section;
  }

  function screenshotFigure(site: HtmlSite, phase: HtmlPhase, shot: NonNullable<HtmlPhase['consent']>['screenshots'][number]): HTMLElement {
    const figure = el('figure');
    if (shot.src.startsWith('data:image/')) {
      const img = el('img');
      img.setAttribute('src', shot.src);
      img.setAttribute('alt', `${site.url} ${phase.phase}: ${shot.label}`);
      figure.append(img);
    } else {
      figure.append(el('p', 'empty', `Screenshot ${shot.file} not embedded (missing, too large or outside the report folder).`));
    }
    figure.append(el('figcaption', undefined, `${phase.phase}: ${shot.label}`));
    return figure;
  }

  function counts(c: Record<string, number>): HTMLElement {
    return el('span', 'counts', badge('error'), ` ${c['error'] ?? 0}  `, badge('warning'), ` ${c['warning'] ?? 0}  `, badge('info'), ` ${c['info'] ?? 0}`);
  }

  function phaseSection(site: HtmlSite, phase: HtmlPhase): HTMLElement {
    const section = el('section', `phase status-${phase.status}`);
    section.append(el('h3', undefined, `${phase.phase} `, el('small', undefined, phase.status + (phase.skipReason ? ` — ${phase.skipReason}` : '')), ' ', counts(phase.counts)));
    if (phase.pages.length > 0) {
      const list = el('ul', 'pages');
      for (const page of phase.pages) list.append(el('li', page.ok ? 'ok' : 'failed', urlNode(page.url), page.status ? ` (${page.status})` : '', page.ok ? '' : ' — not loaded'));
      section.append(list);
    }
    if (phase.consent) {
      const consent = phase.consent;
      const box = el('div', `consent ${consent.succeeded ? 'ok' : 'failed'}`);
      box.append(el('p', undefined, el('strong', undefined, `Consent ${consent.action}`), ` via ${consent.how}: ${consent.succeeded ? 'succeeded' : 'did not succeed'} — ${consent.note}`));
      if (consent.screenshots.length > 0 && site.banner?.screenshotPhases.includes(phase.phase)) {
        box.append(el('p', 'empty', 'Screenshots: in the consent banner section above.'));
      } else if (consent.screenshots.length > 0) {
        const shots = el('div', 'screenshots');
        for (const shot of consent.screenshots) shots.append(screenshotFigure(site, phase, shot));
        box.append(shots);
      }
      section.append(box);
    }
    if (phase.signals) {
      const box = el('div', 'signals');
      box.append(el('p', undefined, el('strong', undefined, 'Consent signals'), ' read on the start page'));
      for (const [title, lines] of [['IAB TCF', phase.signals.tcf], ['Google Consent Mode', phase.signals.consentMode]] as const) {
        const list = el('ul');
        for (const line of lines) list.append(el('li', line.startsWith('  ') ? 'detail' : undefined, line.trim()));
        box.append(el('p', undefined, title), list);
      }
      section.append(box);
    }
    if (phase.traffic) {
      // A relative link to the file beside the report; the name is cookie-audit's own, set as an attribute.
      const link = el('a', undefined, phase.traffic.file);
      link.setAttribute('href', phase.traffic.file);
      link.setAttribute('download', '');
      section.append(el('p', 'traffic', el('strong', undefined, 'Traffic record: '), link, ` (HAR 1.2, ${phase.traffic.entries} requests${phase.traffic.bodies ? ', with response bodies' : ''})`));
    }
    if (phase.errors.length > 0) {
      const list = el('ul', 'errors');
      for (const error of phase.errors) list.append(el('li', undefined, el('strong', undefined, error.kind), ' ', urlNode(error.url), `: ${error.message}`));
      section.append(list);
    }
    section.append(
      table(`Cookies · ${site.url} · ${phase.phase}`, cookieColumns(model.includeValues), phase.cookies, 'No cookies.'),
      table(`Storage · ${site.url} · ${phase.phase}`, storageColumns(model.includeValues), phase.storage, 'No storage entries.'),
    );
    return section;
  }

  function siteSection(site: HtmlSite, index: number): HTMLElement {
    const section = el('section', 'site');
    section.id = `site-${index + 1}`;
    section.append(el('h2', undefined, site.policySite ? `${site.policySite} — ` : '', site.url, ' ', counts(site.counts)));
    const facts = el('p', 'facts');
    facts.append(site.status === 'unreachable' ? el('strong', 'bad', 'Unreachable: no page could be loaded. ') : '', site.policy ? `Policy manifest: ${site.policy} (${site.declaredCount} entries)` : 'No policy manifest: every cookie counts as undeclared.');
    section.append(facts);
    if (site.imported) {
      const box = el('div', 'imported');
      box.append(el('p', undefined, el('strong', undefined, `Imported from ${site.imported.format}: `), site.imported.file, site.imported.creator ? ` (made by ${site.imported.creator})` : ''));
      box.append(el('p', undefined, 'Such a record cannot hold, so this report does not say:'));
      const list = el('ul');
      for (const line of site.imported.cannotKnow) list.append(el('li', undefined, line));
      box.append(list);
      section.append(box);
    }
    if (site.banner) section.append(bannerSection(site, site.banner));
    for (const phase of site.phases) section.append(phaseSection(site, phase));
    if (site.policy) {
      const unobserved = el('section', 'not-observed');
      unobserved.append(el('h3', undefined, 'Declared but never observed'));
      unobserved.append(
        table(
          `Declared, not observed · ${site.url}`,
          [
            { label: 'Kind', value: (d: HtmlSite['notObserved'][number]) => d.kind },
            { label: 'Name', value: (d) => el('span', 'name', d.name), sort: (d) => d.name },
            { label: 'Category', value: (d) => d.category },
            { label: 'Manifest', value: (d) => d.where },
          ],
          site.notObserved,
          'Every declared entry was observed in some phase.',
        ),
      );
      section.append(unobserved);
    }
    return section;
  }

  doc.title = model.title;
  const root = el('main');
  const header = el('header', `verdict exit-${model.exitCode}`);
  header.append(el('h1', undefined, model.title), el('p', 'verdict-line', model.verdict));
  if (model.incomplete.length > 0) {
    const reasons = el('ul', 'incomplete');
    for (const reason of model.incomplete) reasons.append(el('li', undefined, reason));
    header.append(reasons);
  }
  const meta = el('p', 'meta', `cookie-audit ${model.toolVersion} · scanned ${model.generatedAt} · phases ${model.phases.join(', ')} · fail on ${model.failOn}`);
  if (model.baseline) meta.append(` · baseline ${model.baseline.file}`);
  if (model.includeValues) meta.append(el('strong', 'bad', ' · contains cookie and storage values (secrets)'));
  header.append(meta);
  root.append(header);

  // What a person wants first: per site, every cookie and storage entry against the phases.
  const glance = el('section', 'glance');
  glance.id = 'at-a-glance';
  glance.append(el('h2', undefined, 'At a glance: what each phase stored'));
  const legend = el('p', 'legend', 'Cell colour: category — ');
  for (const tone of CATEGORY_TONES) legend.append(el('span', `cell cat-${tone}`, tone), ' ');
  legend.append(' · a mark links to the finding about that item in that phase; an empty cell: not seen in that phase.');
  glance.append(legend);
  model.sites.forEach((site) => glance.append(matrixTable(site, site.matrix)));
  root.append(glance);

  const summary = el('section', 'summary');
  summary.append(el('h2', undefined, 'Summary'));
  const cards = el('div', 'cards');
  for (const severity of ['error', 'warning', 'info']) {
    cards.append(el('div', `card sev-${severity}`, el('span', 'count', model.bySeverity[severity as 'error'] ?? 0), el('span', undefined, severity)));
  }
  if (model.baseline) {
    cards.append(el('div', 'card', el('span', 'count', model.baseline.new), el('span', undefined, 'new')));
    cards.append(el('div', 'card', el('span', 'count', model.baseline.known), el('span', undefined, 'known')));
    cards.append(el('div', 'card', el('span', 'count', model.baseline.fixed), el('span', undefined, 'fixed')));
  }
  summary.append(cards);
  const byPhase = el('table', 'by-phase');
  const phaseHead = el('tr');
  const phaseCounts = el('tr');
  for (const [phase, count] of model.byPhase) {
    phaseHead.append(el('th', undefined, phase));
    phaseCounts.append(el('td', 'num', count));
  }
  byPhase.append(el('caption', undefined, 'Findings by phase'), phaseHead, phaseCounts);
  summary.append(byPhase);
  if (model.sites.length > 1) {
    const nav = el('ul', 'site-nav');
    model.sites.forEach((site, index) => {
      const a = el('a', undefined, site.url);
      a.setAttribute('href', `#site-${index + 1}`);
      nav.append(el('li', undefined, a, ' ', counts(site.counts)));
    });
    summary.append(nav);
  }
  root.append(summary);

  const findings = el('section', 'findings');
  findings.id = 'findings';
  findings.append(el('h2', undefined, `Findings (${model.findings.length})`));
  findings.append(
    table('Findings', findingColumns(model.sites.length > 1, model.baseline !== null), model.findings, 'No findings.', (f) => f.id),
  );
  root.append(findings);

  if (model.baseline) {
    const fixed = el('section', 'fixed');
    fixed.append(el('h2', undefined, `Fixed since the baseline (${model.fixed.length})`));
    fixed.append(table('Fixed findings', findingColumns(true, false), model.fixed, 'Nothing the baseline reported has gone.'));
    root.append(fixed);
  }

  model.sites.forEach((site, index) => root.append(siteSection(site, index)));
  doc.body.append(root);
  doc.body.setAttribute('data-rendered', 'true');
}
