/**
 * --resolve host=ip[:port]: map host names (globs like *.test allowed) to an address for one scan,
 * through Chromium's --host-resolver-rules. With a port, every port of that host goes to it, which lets
 * fixture sites on one loopback port stand in for https://js.stripe.com/ and friends.
 */
import { isIP } from 'node:net';

export interface HostMapping {
  host: string;
  address: string;
  port?: number;
}

export class ResolveSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResolveSyntaxError';
  }
}

const HOST_GLOB = /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$|^\*$/;

export function parseResolve(text: string): HostMapping {
  const fix = 'expected host=ip or host=ip:port, e.g. --resolve "*.staging.test=127.0.0.1" or --resolve shop.test=127.0.0.1:8443';
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ResolveSyntaxError(`--resolve ${JSON.stringify(text)}: ${fix}`);
  const host = text.slice(0, eq).trim().toLowerCase();
  let target = text.slice(eq + 1).trim();
  if (!HOST_GLOB.test(host)) throw new ResolveSyntaxError(`--resolve ${JSON.stringify(text)}: "${host}" is not a host name or *.domain glob; ${fix}`);
  let port: number | undefined;
  // [v6]:port, v4:port, or a bare address.
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(target);
  if (bracketed) {
    target = bracketed[1] ?? '';
    if (bracketed[2]) port = Number(bracketed[2]);
  } else if (isIP(target) !== 6) {
    const colon = target.lastIndexOf(':');
    if (colon >= 0) {
      const portText = target.slice(colon + 1);
      if (!/^\d+$/.test(portText)) throw new ResolveSyntaxError(`--resolve ${JSON.stringify(text)}: bad port "${portText}"; ${fix}`);
      port = Number(portText);
      target = target.slice(0, colon);
    }
  }
  if (isIP(target) === 0) throw new ResolveSyntaxError(`--resolve ${JSON.stringify(text)}: "${target}" is not an IP address; ${fix}`);
  if (port !== undefined && (port < 1 || port > 65535)) {
    throw new ResolveSyntaxError(`--resolve ${JSON.stringify(text)}: port ${port} is out of range 1-65535; ${fix}`);
  }
  return port === undefined ? { host, address: target } : { host, address: target, port };
}

/** The value of Chromium's --host-resolver-rules for these mappings. */
export function hostResolverRules(mappings: readonly HostMapping[]): string {
  return mappings
    .map((m) => {
      const address = isIP(m.address) === 6 ? `[${m.address}]` : m.address;
      return `MAP ${m.host} ${address}${m.port === undefined ? '' : `:${m.port}`}`;
    })
    .join(', ');
}
