/** The report's only stylesheet: system fonts, no external resources, readable when printed. */
export const STYLE = `
:root { color-scheme: light; --fg: #1d2127; --muted: #5b6470; --line: #d8dde3; --bg: #fff; --soft: #f5f7f9;
  --error: #b3261e; --warning: #9a6700; --info: #1f5fad; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1400px; margin: 0 auto; padding: 0 24px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 6px; }
h3 small, td small { color: var(--muted); font-weight: normal; }
td small { display: block; }
header.verdict { margin: 0 -24px; padding: 20px 24px; border-bottom: 4px solid var(--ok); background: var(--soft); }
header.exit-1 { border-color: var(--error); }
header.exit-3 { border-color: var(--warning); }
.verdict-line { font-size: 16px; font-weight: 600; margin: 4px 0; }
.meta { color: var(--muted); margin: 0; overflow-wrap: anywhere; }
.bad, .incomplete { color: var(--error); }
.incomplete { margin: 4px 0; padding-left: 20px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { min-width: 110px; padding: 10px 14px; border: 1px solid var(--line); border-radius: 6px; display: flex; flex-direction: column; }
.card .count { font-size: 24px; font-weight: 700; }
.card.sev-error .count { color: var(--error); } .card.sev-warning .count { color: var(--warning); } .card.sev-info .count { color: var(--info); }
.badge { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 12px; font-weight: 600; color: #fff; background: var(--muted); }
.badge.sev-error { background: var(--error); } .badge.sev-warning { background: var(--warning); } .badge.sev-info { background: var(--info); }
.counts { font-size: 13px; font-weight: normal; white-space: nowrap; }
.baseline-new { font-weight: 700; color: var(--error); } .baseline-known { color: var(--muted); }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
.table-tools { display: flex; align-items: center; gap: 8px; margin: 4px 0; }
.filter { padding: 4px 8px; border: 1px solid var(--line); border-radius: 4px; min-width: 240px; font: inherit; }
.shown { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); font-size: 12px; padding: 2px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--soft); white-space: nowrap; }
th .sort { all: unset; cursor: pointer; font-weight: 600; }
th .sort::after { content: " ↕"; color: var(--muted); font-size: 11px; }
th[aria-sort="ascending"] .sort::after { content: " ▲"; } th[aria-sort="descending"] .sort::after { content: " ▼"; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.name, .value, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; white-space: pre-wrap; }
.rule small { display: block; }
dl.evidence { margin: 4px 0 0; display: grid; grid-template-columns: auto minmax(160px, 1fr); gap: 0 8px; font-size: 12px; min-width: 280px; }
details summary { cursor: pointer; color: var(--muted); white-space: nowrap; }
.rule code { white-space: nowrap; }
dl.evidence dt { color: var(--muted); } dl.evidence dd { margin: 0; overflow-wrap: anywhere; }
table.by-phase { width: auto; } table.by-phase td, table.by-phase th { text-align: center; min-width: 70px; }
.phase { border-left: 3px solid var(--line); padding-left: 12px; margin: 16px 0; }
.phase.status-skipped, .phase.status-failed { border-color: var(--warning); }
.pages, .errors { margin: 4px 0; padding-left: 20px; }
.pages .failed, .errors li { color: var(--error); }
.consent { padding: 8px 12px; border-radius: 6px; background: var(--soft); margin: 8px 0; }
.signals { padding: 8px 12px; border-radius: 6px; background: var(--soft); margin: 8px 0; }
.signals ul { margin: 2px 0 6px; }
.signals li.detail { list-style: none; margin-left: 12px; }
.screenshots { display: flex; flex-wrap: wrap; gap: 12px; }
.screenshots figure { margin: 0; max-width: 420px; }
.screenshots img { max-width: 100%; border: 1px solid var(--line); }
.screenshots figcaption { color: var(--muted); font-size: 12px; }
.empty { color: var(--muted); font-style: italic; }
.legend { color: var(--muted); font-size: 12px; }
.legend .cell { display: inline-block; padding: 0 6px; border-radius: 3px; }
.matrix-wrap { overflow-x: auto; margin: 8px 0 20px; }
table.matrix { width: auto; min-width: 50%; }
table.matrix th.name { font-weight: normal; background: none; white-space: normal; }
table.matrix th.name small { display: block; color: var(--muted); }
table.matrix .where { color: var(--muted); font-size: 12px; }
table.matrix .phase-col { text-align: center; min-width: 96px; }
table.matrix .phase-col small { display: block; font-weight: normal; color: var(--warning); }
td.cell { text-align: center; font-size: 12px; white-space: nowrap; }
.cat-necessary { background: #dff3e4; } .cat-functional { background: #dcebfb; } .cat-analytics { background: #fdf0c8; }
.cat-marketing { background: #fbdcdc; } .cat-unknown { background: #e9ebee; }
td.cell.absent { background: none; } td.cell.not-run { color: var(--muted); background: repeating-linear-gradient(45deg, #f5f7f9, #f5f7f9 4px, #fff 4px, #fff 8px); }
td.cell.flagged { box-shadow: inset 0 0 0 2px var(--error); font-weight: 600; }
a.mark { text-decoration: none; font-weight: 700; } a.mark.sev-error { color: var(--error); } a.mark.sev-warning { color: var(--warning); } a.mark.sev-info { color: var(--info); }
tr:target { outline: 3px solid var(--info); outline-offset: -3px; }
.banner { border-left: 3px solid var(--info); padding-left: 12px; margin: 16px 0; }
.banner-text { margin: 4px 0 8px; padding: 6px 10px; background: var(--soft); border-radius: 4px; color: var(--muted); overflow-wrap: anywhere; }
table.controls { width: auto; } table.controls td { min-width: 140px; }
table.controls th.role-accept { color: var(--ok); } table.controls th.role-reject { color: var(--error); }
.swatch { display: inline-block; width: 14px; height: 14px; margin-right: 6px; vertical-align: -2px; border: 1px solid var(--line); border-radius: 3px; }
.answer { margin: 4px 0; } .click small { color: var(--muted); } .click.layer-second { font-style: italic; }
.toggles, .banner-findings { margin: 4px 0; padding-left: 20px; } .toggles .flagged { color: var(--error); }
.site-nav { padding-left: 20px; }
@media print { td.cell, .swatch { print-color-adjust: exact; -webkit-print-color-adjust: exact; } .table-tools { display: none; } tr[hidden] { display: table-row; } header.verdict { margin: 0; } a { color: inherit; } }
`;
