import { z } from 'zod';
import { bi } from '../../core/text.js';
import { portField } from '../../core/fields.js';
import { checkSchema } from '../base.js';
import { defineCheckKind } from '../check-kind.js';
import { readPemFile } from '../_shared/pem.js';

const tlsSchema = checkSchema('tls', {
  host: z.string().min(1).describe('Host name or IP address to connect to'),
  port: portField.optional().describe('TLS port (default 443)'),
  servername: z.string().min(1).optional().describe('SNI name, and the name the certificate must be valid for (default: host)'),
  ca: z.string().min(1).optional().describe('PEM file of CA certificates to trust besides the system ones (relative to the plan)'),
});

export type TlsCheck = z.infer<typeof tlsSchema>;

export const tlsKind = defineCheckKind({
  name: 'tls',
  summary: bi('A TLS certificate is valid for the host, trusted, and not about to expire', 'TLS 证书与主机名匹配、受信任且不会很快过期'),
  schema: tlsSchema,
  facts: {
    days_left: bi('whole days until the certificate expires (negative once expired)', '证书剩余有效天数（过期后为负数）'),
    issuer: bi('issuer distinguished name, e.g. "C=US, O=Let\'s Encrypt, CN=R11"', '签发者，例如 "C=US, O=Let\'s Encrypt, CN=R11"'),
    subject: bi('subject distinguished name', '证书主题'),
    san: bi('subject alternative names (host names and IPs)', '证书备用名称（域名和 IP）'),
    hostname_valid: bi('the certificate is valid for servername (or host)', '证书对 servername（或 host）有效'),
    chain_valid: bi('the chain verifies against trusted CAs (including dates)', '证书链可由受信任 CA 验证（含有效期）'),
    chain_error: bi('why the chain does not verify (CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE …), else null', '证书链验证失败原因（CERT_HAS_EXPIRED 等），否则为 null'),
    protocol: bi('negotiated protocol, e.g. TLSv1.3', '协商的协议版本，例如 TLSv1.3'),
    valid_from: bi('start of validity (ISO 8601)', '生效时间（ISO 8601）'),
    valid_to: bi('end of validity (ISO 8601)', '到期时间（ISO 8601）'),
    error: bi('why no handshake happened (ECONNREFUSED …), else null', '握手未完成的原因（ECONNREFUSED 等），否则为 null'),
  },
  defaultExpect: ['chain_valid == true', 'hostname_valid == true', 'days_left > 14'],
  defaultTimeoutMs: 10_000,
  secretFields: [],
  describe: (spec) => {
    const { host, port } = hostAndPort(spec);
    return `tls ${host}:${port}${spec.servername ? ` (${spec.servername})` : ''}`;
  },
  async probe(spec, context) {
    const ca = await readPemFile(context.planDir, spec.ca, 'ca');
    const { inspectCertificate } = await import('./_handshake.js');
    return inspectCertificate({ ...hostAndPort(spec), servername: spec.servername, ca }, context.signal);
  },
});

/** `host: ${API_DOMAIN}` shares its variable with `https://${API_DOMAIN}` URLs, so the value may carry a port. */
function hostAndPort(spec: TlsCheck): { host: string; port: number } {
  const written = /^\[([^\]]+)\]:(\d{1,5})$/.exec(spec.host) ?? /^([^:]+):(\d{1,5})$/.exec(spec.host);
  if (written && spec.port === undefined) return { host: written[1] ?? spec.host, port: Number(written[2]) };
  return { host: spec.host.replace(/^\[(.+)\]$/, '$1'), port: spec.port ?? 443 };
}
