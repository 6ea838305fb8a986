import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { checkServerIdentity, connect, rootCertificates, type DetailedPeerCertificate } from 'node:tls';
import { bi } from '../../core/text.js';
import type { Observation } from '../check-kind.js';
import { ProbeError } from '../check-kind.js';
import { daysLeft, describeConnectionFailure } from '../_shared/tls-failures.js';

/** Where to connect and what to verify against. */
export interface HandshakeTarget {
  readonly host: string;
  readonly port: number;
  readonly servername: string | undefined;
  readonly ca: string | undefined;
}

/** `CN=R11\nO=Let's Encrypt` → `CN=R11, O=Let's Encrypt`. */
function distinguishedName(text: string): string {
  return text.split('\n').filter(Boolean).join(', ');
}

/** `DNS:a.com, IP Address:1.2.3.4` → `['a.com', '1.2.3.4']`. */
function subjectAltNames(text: string | undefined): string[] {
  if (!text) return [];
  return text.split(/,\s*/).map((entry) => entry.replace(/^[^:]+:/, '')).filter(Boolean);
}

/** Subjects from the leaf up to the root, as the server sent them. */
function chainSubjects(leaf: DetailedPeerCertificate): string[] {
  const subjects: string[] = [];
  const seen = new Set<string>();
  for (let current: DetailedPeerCertificate | undefined = leaf; current?.raw && !seen.has(current.fingerprint256); current = current.issuerCertificate) {
    seen.add(current.fingerprint256);
    subjects.push(distinguishedName(new X509Certificate(current.raw).subject));
  }
  return subjects;
}

function observe(target: HandshakeTarget, certificate: DetailedPeerCertificate, authorized: boolean, authorizationError: unknown, protocol: string | null): Observation {
  const x509 = new X509Certificate(certificate.raw);
  const validTo = new Date(x509.validTo);
  const checkedName = target.servername ?? target.host;
  const identityError = checkServerIdentity(checkedName, certificate);
  const chainError = authorized ? null : String((authorizationError as { code?: string } | null)?.code ?? authorizationError ?? 'UNKNOWN');
  const facts = {
    days_left: daysLeft(validTo),
    issuer: distinguishedName(x509.issuer),
    subject: distinguishedName(x509.subject),
    san: subjectAltNames(x509.subjectAltName),
    hostname_valid: identityError === undefined,
    chain_valid: authorized,
    chain_error: chainError,
    protocol,
    valid_from: new Date(x509.validFrom).toISOString(),
    valid_to: validTo.toISOString(),
    error: null,
  };
  return {
    facts,
    evidence: {
      target: `${target.host}:${target.port}`,
      ...(target.servername ? { servername: target.servername } : {}),
      protocol,
      subject: facts.subject,
      issuer: facts.issuer,
      san: facts.san,
      validFrom: facts.valid_from,
      validTo: facts.valid_to,
      daysLeft: facts.days_left,
      chain: chainSubjects(certificate),
      chainValid: authorized,
      ...(chainError ? { chainError } : {}),
      hostnameValid: facts.hostname_valid,
      ...(identityError ? { hostnameError: `${checkedName}: ${identityError.message}` } : {}),
      fingerprint256: x509.fingerprint256,
    },
  };
}

/**
 * Completes a TLS handshake without trusting anything, then judges chain and host name itself,
 * so an invalid certificate is still observed (its dates, names, issuer) instead of just refused.
 */
export function inspectCertificate(target: HandshakeTarget, signal: AbortSignal): Promise<Observation> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: target.host,
      port: target.port,
      // SNI must not carry an IP address (RFC 6066).
      servername: target.servername ?? (isIP(target.host) ? undefined : target.host),
      // A given CA is trusted in addition to the system roots, not instead of them.
      ca: target.ca === undefined ? undefined : [...rootCertificates, target.ca],
      rejectUnauthorized: false,
      // Node folds the host-name check into `authorized`; skip it here so `chain_valid` means the chain alone.
      checkServerIdentity: () => undefined,
    });
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (finish: () => void) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      finish();
    };

    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate(true);
      if (!certificate.raw) {
        return settle(() => reject(new ProbeError(bi(`${target.host}:${target.port} presented no certificate`, `${target.host}:${target.port} 未提供证书`))));
      }
      const observation = observe(target, certificate, socket.authorized, socket.authorizationError, socket.getProtocol());
      settle(() => resolve(observation));
    });
    socket.once('error', (error) => {
      const failure = describeConnectionFailure(error, `${target.host}:${target.port}`);
      settle(() =>
        failure
          ? resolve({ facts: { error: failure.code }, evidence: { target: `${target.host}:${target.port}`, error: failure.code }, failure: failure.text })
          : reject(error),
      );
    });
  });
}
