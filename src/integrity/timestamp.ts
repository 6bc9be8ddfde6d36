/**
 * RFC 3161 time stamps of SHA256SUMS: a time-stamping authority signs the file's SHA-256 with the time,
 * so anyone can later show the reports existed, unchanged, at that moment. The request and the reply are
 * built and read with PKI.js; the reply is stored as it came (DER TimeStampResp), which OpenSSL also reads.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
/** PKIStatus granted (0) and grantedWithMods (1): a token is in the reply. */
const GRANTED = new Set([0, 1]);

export class TimestampError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimestampError';
  }
}

export interface TimestampFacts {
  /** When the authority says it signed (ISO 8601). */
  genTime: string;
  /** The signing certificate's subject, e.g. "CN=Example TSA, O=Example". */
  signer: string;
  /** The token's serial number, hex. */
  serial: string;
  /** The authority's policy OID. */
  policy: string;
}

export function timestampRequest(data: Uint8Array, nonce: Uint8Array = randomBytes(8)): Uint8Array {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID }),
      hashedMessage: new asn1js.OctetString({ valueHex: createHash('sha256').update(data).digest() }),
    }),
    // A positive INTEGER: the top bit clear.
    nonce: new asn1js.Integer({ valueHex: Uint8Array.from([0x01, ...nonce]) }),
    certReq: true,
  });
  return new Uint8Array(request.toSchema().toBER(false));
}

/** Asks the TSA at `url` to stamp `data`; returns the reply (DER), checked to be a granted token for `data`. */
export async function requestTimestamp(url: string, data: Uint8Array, timeoutMs = 30_000): Promise<{ reply: Uint8Array; facts: TimestampFacts }> {
  const nonce = randomBytes(8);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' },
      body: Buffer.from(timestampRequest(data, nonce)),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new TimestampError(`could not reach the time-stamping authority at ${url} (${cause?.code ?? cause?.message ?? (error as Error).message})`);
  }
  if (!response.ok) throw new TimestampError(`the time-stamping authority at ${url} answered HTTP ${response.status}`);
  const reply = new Uint8Array(await response.arrayBuffer());
  const facts = await checkTimestamp(reply, data);
  if (!facts.ok) throw new TimestampError(`the time-stamping authority at ${url} sent no usable token: ${facts.reason}`);
  const token = readReply(reply);
  if (token.ok && token.tst.nonce && !sameBytes(stripLeadingZeros(token.tst.nonce.valueBlock.valueHexView), stripLeadingZeros(Uint8Array.from([0x01, ...nonce])))) {
    throw new TimestampError(`the time-stamping authority at ${url} answered another request (its nonce differs)`);
  }
  return { reply, facts: facts.facts };
}

type ReadReply = { ok: true; response: pkijs.TimeStampResp; tst: pkijs.TSTInfo; signed: pkijs.SignedData } | { ok: false; reason: string };

function readReply(der: Uint8Array): ReadReply {
  try {
    const asn = asn1js.fromBER(der);
    if (asn.offset === -1) return { ok: false, reason: 'it is not DER (ASN.1) data' };
    const response = new pkijs.TimeStampResp({ schema: asn.result });
    const status = response.status.status;
    if (!GRANTED.has(status)) {
      const text = response.status.statusStrings?.map((s) => s.valueBlock.value).join('; ');
      return { ok: false, reason: `the request was refused (PKIStatus ${status}${text ? `: ${text}` : ''})` };
    }
    if (!response.timeStampToken) return { ok: false, reason: 'the reply holds no token' };
    const signed = new pkijs.SignedData({ schema: response.timeStampToken.content });
    const content = signed.encapContentInfo.eContent;
    if (!content) return { ok: false, reason: 'the token holds no TSTInfo' };
    const tstAsn = asn1js.fromBER(content.getValue());
    if (tstAsn.offset === -1) return { ok: false, reason: 'the token\'s TSTInfo is not DER' };
    return { ok: true, response, signed, tst: new pkijs.TSTInfo({ schema: tstAsn.result }) };
  } catch (error) {
    return { ok: false, reason: `it is not an RFC 3161 reply (${(error as Error).message.split('\n')[0]})` };
  }
}

/**
 * Checks a stored reply against the data it should stamp: the token's hash is the data's SHA-256 and the
 * signature verifies with the certificate the token carries. (Whether to trust that authority is the
 * reader's call: `facts.signer` says who it is.)
 */
export async function checkTimestamp(reply: Uint8Array, data: Uint8Array): Promise<{ ok: true; facts: TimestampFacts } | { ok: false; reason: string }> {
  const read = readReply(reply);
  if (!read.ok) return read;
  const { tst, signed } = read;
  if (tst.messageImprint.hashAlgorithm.algorithmId !== SHA256_OID) {
    return { ok: false, reason: `it stamps a hash other than SHA-256 (${tst.messageImprint.hashAlgorithm.algorithmId})` };
  }
  const digest = createHash('sha256').update(data).digest();
  if (!sameBytes(new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView), new Uint8Array(digest))) {
    return { ok: false, reason: 'it stamps other content: SHA256SUMS changed since it was stamped' };
  }
  let verified = false;
  try {
    // For a TSTInfo, PKI.js also checks the stamped hash against the data itself.
    verified = (await signed.verify({ signer: 0, data: Uint8Array.from(data).buffer, checkChain: false, extendedMode: false })) === true;
  } catch (error) {
    const message = (error as { message?: string }).message ?? String((error as { resultMessage?: string }).resultMessage ?? error);
    return { ok: false, reason: `its signature does not verify (${message.split('\n')[0]})` };
  }
  if (!verified) return { ok: false, reason: 'its signature does not verify' };
  const certificate = (signed.certificates ?? []).find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  return {
    ok: true,
    facts: {
      genTime: tst.genTime.toISOString(),
      signer: certificate ? subjectOf(certificate) : 'unknown (the token carries no certificate)',
      serial: Buffer.from(tst.serialNumber.valueBlock.valueHexView).toString('hex'),
      policy: tst.policy,
    },
  };
}

const NAMES: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST' };

function subjectOf(certificate: pkijs.Certificate): string {
  return certificate.subject.typesAndValues
    .map((tv) => `${NAMES[tv.type] ?? tv.type}=${String((tv.value.valueBlock as { value?: unknown }).value ?? '')}`)
    .join(', ');
}

function stripLeadingZeros(bytes: ArrayBuffer | Uint8Array): Uint8Array {
  const view = new Uint8Array(bytes);
  let i = 0;
  while (i < view.length - 1 && view[i] === 0) i += 1;
  return view.subarray(i);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
