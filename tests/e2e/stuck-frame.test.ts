/**
 * A frame of another site whose script never yields (a chat widget, a map), on a page that is fine. Before,
 * the consent stage's scripts going on or off the context waited on that frame for ever: the site stalled for
 * 5 min, and closing its context with such a call open crashed the whole run with a stack trace. The
 * storage capture gave up on the frame after 2 s and said nothing. stuck-frame.test: a hand-written English
 * banner, the widget stuck from just after its load; stuck-frame-klaro.test: Klaro in German (autoconsent
 * recognises it, so the consent phases put its script on a page whose frame no longer answers), the map
 * stuck as soon as it has loaded. stuck-after-choice.test was kept aside while the fix was made, and checked
 * only once it was done: French, a <dialog> banner with links for buttons, and a video player that stops
 * answering only once a choice is stored (after the click, and on the reload that follows).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import type { PhaseEvidence } from '../../src/evidence/types.js';
import { pngSize } from '../crawl/png.js';
import { phaseByHost, scanFixture, withFixtures, type ScanResult } from './harness.js';

const WIDGET = 'https://stuck-frame.test/';
const KLARO = 'https://stuck-frame-klaro.test/';
const AFTER_CHOICE = 'https://stuck-after-choice.test/';
const unread = (frame: string) => `the storage of the frame ${frame} was not read: it did not answer within 15 s (what it stores is not in this report)`;

let server: FixtureServer;
let result: ScanResult;
beforeAll(async () => {
  server = await withFixtures();
  result = await scanFixture(server, [WIDGET, KLARO, AFTER_CHOICE], ['--max-pages', '1', '--sites-concurrency', '3']);
}, 600_000);
afterAll(() => server?.close());

const phase = (url: string, name: 'pre' | 'reject' | 'accept'): PhaseEvidence => phaseByHost(result.report, new URL(url).hostname, name);
const names = (p: PhaseEvidence) => p.cookies.map((c) => c.name).sort();

describe('a page with a frame that never answers', () => {
  it('the run ends with its reports, not a crash, and the audit is incomplete for that frame alone', () => {
    expect(result.stderr).not.toMatch(/Cannot find parent object|\n\s+at /);
    expect(result.code).toBe(3);
    expect(result.report.summary.incomplete).toEqual([
      `${AFTER_CHOICE}: ${unread('https://video.stalled-widget.test/')}`,
      `${KLARO}: ${unread('https://karte.stalled-widget.test/')}`,
      `${WIDGET}: ${unread('https://chat.stalled-widget.test/')}`,
    ]);
  });

  it('every phase names the frame it could not read, and has no other error', () => {
    for (const [url, frame] of [[WIDGET, 'https://chat.stalled-widget.test/'], [KLARO, 'https://karte.stalled-widget.test/']] as const) {
      for (const name of ['pre', 'reject', 'accept'] as const) {
        expect(phase(url, name).errors.map((e) => `${e.kind}: ${e.message}`), `${url} ${name}`).toEqual([`unanswered: ${unread(frame)}`]);
      }
    }
  });

  it('the hand-written banner is refused and accepted, and the page around the frame is read', () => {
    for (const [name, click] of [['reject', 'reject: Reject all'], ['accept', 'accept: Accept all']] as const) {
      const p = phase(WIDGET, name);
      expect(p.consent, `${name}: ${p.consent?.tried?.join(' | ')}`).toMatchObject({ method: 'heuristic', succeeded: true, bannerShownAfterConsent: false });
      expect((p.consent?.clicks ?? []).map((c) => `${c.role}: ${c.text}`)).toEqual([click]);
    }
    for (const name of ['pre', 'reject', 'accept'] as const) expect(phase(WIDGET, name).storage.map((s) => s.key)).toEqual(['quayside_cart']);
    expect(names(phase(WIDGET, 'reject'))).toEqual(['kit_consent']);
    expect(names(phase(WIDGET, 'accept'))).toEqual(expect.arrayContaining(['_ga', '_gid', '_fbp', 'kit_consent']));
  });

  it('Klaro is operated by its autoconsent rule in both phases, with the map frame stuck beside it', () => {
    expect(phase(KLARO, 'pre').bannerSearch).toMatchObject({ seen: true, platform: 'Klaro' });
    for (const name of ['reject', 'accept'] as const) {
      const p = phase(KLARO, name);
      expect(p.consent, `${name}: ${p.consent?.tried?.join(' | ')}`).toMatchObject({ method: 'autoconsent', platform: 'Klaro', succeeded: true, bannerShownAfterConsent: false });
    }
    expect(names(phase(KLARO, 'reject'))).toEqual(['klaro']);
    expect(names(phase(KLARO, 'accept'))).toEqual(['_ga', '_gid', 'klaro']);
  });

  it('each consent phase keeps its screenshots of the banner before and after the choice: the stuck frame does not hold them', () => {
    for (const url of [WIDGET, KLARO, AFTER_CHOICE]) {
      for (const name of ['reject', 'accept'] as const) {
        const shots = phase(url, name).consent?.screenshots ?? {};
        expect(Object.keys(shots).sort(), `${url} ${name}`).toEqual(expect.arrayContaining(['after', 'before']));
        for (const file of Object.values(shots)) {
          const size = pngSize(readFileSync(join(result.out, file)));
          expect(size.width, `${url} ${name} ${file}`).toBeGreaterThan(0);
          expect(size.height, `${url} ${name} ${file}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('kept aside: a player that stops answering once the choice is stored is read before it, named after it', () => {
    expect(phase(AFTER_CHOICE, 'pre').errors).toEqual([]);
    expect(phase(AFTER_CHOICE, 'pre').storage.map((s) => `${s.origin} ${s.key}`)).toEqual(['https://video.stalled-widget.test lecteur_id']);
    for (const [name, click] of [['reject', 'reject: Tout refuser'], ['accept', 'accept: Tout accepter']] as const) {
      const p = phase(AFTER_CHOICE, name);
      expect(p.consent, `${name}: ${p.consent?.tried?.join(' | ')}`).toMatchObject({ method: 'heuristic', succeeded: true, bannerShownAfterConsent: false });
      expect((p.consent?.clicks ?? []).map((c) => `${c.role}: ${c.text}`)).toEqual([click]);
      expect(p.errors.map((e) => `${e.kind}: ${e.message}`)).toEqual([`unanswered: ${unread('https://video.stalled-widget.test/')}`]);
    }
    expect(names(phase(AFTER_CHOICE, 'reject'))).toEqual(['kit_consent']);
  });
});
