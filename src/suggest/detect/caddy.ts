import type { ProxySite } from '../profile.js';
import { defineDetector } from './detector.js';
import { isPublicDomain } from './domains.js';

/** Site blocks of a Caddyfile: addresses at brace depth 0, followed by `{`. */
export const caddyDetector = defineDetector({
  wants: (_rel, name) => /^Caddyfile(?:\.[\w.-]+)?$/.test(name) || name.endsWith('.caddy'),
  read(file) {
    const sites: ProxySite[] = [];
    let depth = 0;
    let current: { addresses: string[]; body: string[] } | undefined;
    for (const raw of file.text.split(/\r?\n/)) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (line === '') continue;
      if (depth === 0 && line.endsWith('{') && !line.startsWith('(')) {
        const addresses = line.slice(0, -1).split(/[\s,]+/).filter((address) => address !== '');
        current = addresses.length > 0 ? { addresses, body: [] } : undefined;
      } else if (current) {
        current.body.push(line);
      }
      depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
      if (depth <= 0 && current && line.endsWith('}')) {
        sites.push(siteOf(file.rel, current.addresses, current.body));
        current = undefined;
        depth = 0;
      }
    }
    return sites.length > 0 ? { proxies: sites } : {};
  },
});

function siteOf(file: string, addresses: readonly string[], body: readonly string[]): ProxySite {
  const text = body.join('\n');
  const hosts = addresses.map((address) => address.replace(/^https?:\/\//, '').replace(/:\d+$/, '').replace(/\/.*$/, ''));
  return {
    file,
    server: 'caddy',
    domains: hosts.filter(isPublicDomain),
    // Caddy serves a named host over HTTPS unless the address says http:// or the port is 80.
    tls: addresses.some((address) => !address.startsWith('http://') && !/:80$/.test(address) && isPublicDomain(address.replace(/^https:\/\//, '').replace(/:\d+$/, ''))),
    hsts: /strict-transport-security/i.test(text),
    corsWildcard: /access-control-allow-origin["']?\s+["']?\*/i.test(text),
    upstreams: [...text.matchAll(/^reverse_proxy\s+(?:\/\S*\s+)?(.+)$/gm)].flatMap((match) => (match[1] ?? '').replace(/\{$/, '').trim().split(/\s+/)).filter((upstream) => upstream !== ''),
  };
}
