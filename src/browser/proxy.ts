/**
 * --proxy: every request of the browser goes through one proxy (to visit as someone in another region
 * would). Its credentials come from the environment only, so no shell history, process list or report holds them.
 */
export interface ProxySettings {
  /** scheme://host:port, nothing else: what report.json states. */
  server: string;
  username?: string;
  password?: string;
}

export class ProxySyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxySyntaxError';
  }
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'socks5:': 1080 };

export function parseProxy(text: string, env: NodeJS.ProcessEnv): ProxySettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProxySyntaxError(`--proxy ${JSON.stringify(text)} is not a URL; give one such as http://proxy.example:3128 or socks5://127.0.0.1:1080`);
  }
  const port = DEFAULT_PORTS[url.protocol];
  if (port === undefined) throw new ProxySyntaxError(`--proxy: scheme ${url.protocol} is not supported; use http://, https:// or socks5://`);
  if (url.username !== '' || url.password !== '') {
    throw new ProxySyntaxError('--proxy: credentials do not belong on the command line; give the URL without them and set COOKIE_AUDIT_PROXY_USER and COOKIE_AUDIT_PROXY_PASSWORD');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw new ProxySyntaxError(`--proxy ${JSON.stringify(text)}: give only scheme://host:port, e.g. http://proxy.example:3128`);
  }
  const server = `${url.protocol}//${url.hostname}:${url.port === '' ? port : url.port}`;
  const username = env['COOKIE_AUDIT_PROXY_USER'];
  const password = env['COOKIE_AUDIT_PROXY_PASSWORD'];
  if ((username ?? '') === '' && (password ?? '') !== '') throw new ProxySyntaxError('COOKIE_AUDIT_PROXY_PASSWORD is set without COOKIE_AUDIT_PROXY_USER; set both, or neither');
  if ((username ?? '') === '') return { server };
  // Chromium cannot sign in to a SOCKS proxy.
  if (url.protocol === 'socks5:') throw new ProxySyntaxError('--proxy socks5:// with COOKIE_AUDIT_PROXY_USER: Chromium cannot authenticate to a SOCKS proxy; use an http(s) proxy, or one that needs no credentials');
  return { server, username: username ?? '', password: password ?? '' };
}

/** --region: a label for where the visitor came from, one short printable line. */
export function parseRegion(text: string): string {
  const label = text.trim();
  if (label === '' || label.length > 100 || /[\u0000-\u001f\u007f]/.test(label)) {
    throw new ProxySyntaxError(`--region ${JSON.stringify(text)}: give a short label of one line, e.g. --region de or --region "Frankfurt (DE)"`);
  }
  return label;
}
