/**
 * RFC 3161 time stamps against a TSA on loopback that answers with `openssl ts -reply`: the token PKI.js
 * reads is the one OpenSSL verifies, and it stamps exactly the bytes given.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTimestamp, requestTimestamp, TimestampError } from '../../src/integrity/timestamp.js';
import { startLocalTsa, type LocalTsa } from './local-tsa.js';

let tsa: LocalTsa;
let reply: Uint8Array;
const data = Buffer.from(`${'c'.repeat(64)}  report.json\n`);

beforeAll(async () => {
  tsa = await startLocalTsa();
  ({ reply } = await requestTimestamp(tsa.url, data));
});
afterAll(() => tsa?.close());

describe('an RFC 3161 time stamp', () => {
  it('names the authority and the time it signed', async () => {
    const checked = await checkTimestamp(reply, data);
    expect(checked).toMatchObject({ ok: true, facts: { signer: 'CN=cookie-audit test TSA, O=Loopback', policy: '1.3.6.1.4.1.99999.1' } });
    if (checked.ok) expect(Math.abs(Date.parse(checked.facts.genTime) - Date.now())).toBeLessThan(60_000);
  });

  it('is what OpenSSL verifies against the TSA certificate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-tsr-'));
    writeFileSync(join(dir, 'SHA256SUMS'), data);
    writeFileSync(join(dir, 'SHA256SUMS.tsr'), reply);
    const out = execFileSync('openssl', ['ts', '-verify', '-data', 'SHA256SUMS', '-in', 'SHA256SUMS.tsr', '-CAfile', tsa.certFile], { cwd: dir, encoding: 'utf8' });
    expect(out).toMatch(/Verification: OK/);
  });

  it('does not vouch for other content, nor survive a changed byte of its own', async () => {
    expect(await checkTimestamp(reply, Buffer.from(data.toString().replace('c', 'd')))).toEqual({ ok: false, reason: expect.stringMatching(/other content/) });
    const tampered = Uint8Array.from(reply);
    tampered[tampered.length - 20]! ^= 0x01;
    expect((await checkTimestamp(tampered, data)).ok).toBe(false);
    expect(await checkTimestamp(Buffer.from('not a token'), data)).toMatchObject({ ok: false });
  });

  it('says which authority could not be reached', async () => {
    await expect(requestTimestamp('http://127.0.0.1:9/tsa', data, 5000)).rejects.toThrow(TimestampError);
    await expect(requestTimestamp('http://127.0.0.1:9/tsa', data, 5000)).rejects.toThrow(/127\.0\.0\.1:9/);
  });
});
