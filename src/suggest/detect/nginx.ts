import type { ProxySite } from '../profile.js';
import { defineDetector, folderOf } from './detector.js';
import { isPublicDomain } from './domains.js';

/** nginx.conf, or a .conf file in a folder nginx reads (conf.d, sites-enabled, an nginx folder). */
function wants(rel: string, name: string): boolean {
  if (name === 'nginx.conf' || /\.nginx(?:\.conf)?$/.test(name)) return true;
  return name.endsWith('.conf') && /(^|\/)(nginx|conf\.d|sites-(enabled|available)|vhosts?)(\/|$)/.test(folderOf(rel));
}

/** Each `server { … }` block: its names, TLS, HSTS and CORS headers and upstreams. */
export const nginxDetector = defineDetector({
  wants,
  read(file) {
    const text = file.text.replace(/#[^\n]*/g, '');
    const sites: ProxySite[] = [];
    for (const match of text.matchAll(/\bserver\s*\{/g)) {
      let depth = 0;
      let end = match.index;
      for (let at = match.index; at < text.length; at += 1) {
        if (text[at] === '{') depth += 1;
        else if (text[at] === '}') {
          depth -= 1;
          if (depth === 0) {
            end = at;
            break;
          }
        }
      }
      const block = text.slice(match.index, end);
      const names = [...block.matchAll(/\bserver_name\s+([^;]+);/g)].flatMap((found) => (found[1] ?? '').trim().split(/\s+/));
      sites.push({
        file: file.rel,
        server: 'nginx',
        domains: names.filter(isPublicDomain),
        tls: /\blisten\s+[^;]*\bssl\b|\bssl_certificate\b/.test(block),
        hsts: /add_header\s+Strict-Transport-Security/i.test(block),
        corsWildcard: /add_header\s+['"]?Access-Control-Allow-Origin['"]?\s+['"]?\*['"]?/i.test(block),
        upstreams: [...block.matchAll(/\bproxy_pass\s+([^;]+);/g)].map((found) => (found[1] ?? '').trim()),
      });
    }
    return sites.length > 0 ? { proxies: sites } : {};
  },
});
