/**
 * A time-stamping authority on loopback for the tests: its key and certificate are made when it starts,
 * and every request is answered by `openssl ts -reply`, as a real TSA's software would.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalTsa {
  url: string;
  /** The TSA's certificate (PEM file), for `openssl ts -verify -CAfile`. */
  certFile: string;
  /** Requests answered. */
  answered: number;
  close(): Promise<void>;
}

export async function startLocalTsa(subject = '/CN=cookie-audit test TSA/O=Loopback'): Promise<LocalTsa> {
  const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-tsa-'));
  const key = join(dir, 'tsa.key');
  const certFile = join(dir, 'tsa.crt');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certFile, '-days', '2', '-subj', subject,
    '-addext', 'extendedKeyUsage=critical,timeStamping', '-addext', 'keyUsage=critical,digitalSignature',
  ], { stdio: 'ignore' });
  writeFileSync(join(dir, 'serial'), '01\n');
  const config = join(dir, 'tsa.cnf');
  writeFileSync(
    config,
    [
      '[ tsa ]',
      'default_tsa = test_tsa',
      '[ test_tsa ]',
      `dir = ${dir}`,
      'serial = $dir/serial',
      'crypto_device = builtin',
      `signer_cert = ${certFile}`,
      `signer_key = ${key}`,
      'signer_digest = sha256',
      'default_policy = 1.3.6.1.4.1.99999.1',
      'digests = sha256',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  let count = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const query = join(dir, `q${count}.tsq`);
        const reply = join(dir, `r${count}.tsr`);
        writeFileSync(query, Buffer.concat(chunks));
        execFileSync('openssl', ['ts', '-reply', '-config', config, '-queryfile', query, '-out', reply], { stdio: 'ignore' });
        count += 1;
        tsa.answered = count;
        res.writeHead(200, { 'Content-Type': 'application/timestamp-reply' });
        res.end(readFileSync(reply));
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const tsa: LocalTsa = {
    url: `http://127.0.0.1:${port}/tsa`,
    certFile,
    answered: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return tsa;
}
