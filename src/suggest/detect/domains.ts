import { isIP } from 'node:net';

/** A host name users reach over the internet: has a dot, is not an IP, localhost, a wildcard or a placeholder. */
export function isPublicDomain(host: string): boolean {
  const name = host.toLowerCase();
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(name) && isIP(name) === 0 && !/(^|\.)(localhost|local|test|example|invalid|internal)$/.test(name);
}
