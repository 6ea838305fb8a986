import { bi, type Bilingual } from '../../core/text.js';

/** Certificate verification codes (OpenSSL's, as node reports them) in words people act on. */
const certificateProblems: Readonly<Record<string, Bilingual>> = {
  CERT_HAS_EXPIRED: bi('the certificate has expired', '证书已过期'),
  CERT_NOT_YET_VALID: bi('the certificate is not valid yet', '证书尚未生效'),
  ERR_TLS_CERT_ALTNAME_INVALID: bi('the certificate is not valid for this host name', '证书与主机名不匹配'),
  DEPTH_ZERO_SELF_SIGNED_CERT: bi('the certificate is self-signed', '证书为自签名证书'),
  SELF_SIGNED_CERT_IN_CHAIN: bi('the chain ends in a self-signed certificate nobody trusts', '证书链以不受信任的自签名证书结尾'),
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: bi(
    'the certificate chain is incomplete or its issuer is not trusted (missing intermediate?)',
    '证书链不完整或签发者不受信任（缺少中间证书？）',
  ),
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: bi(
    'the issuer of the certificate is not trusted (missing intermediate or unknown CA)',
    '证书签发者不受信任（缺少中间证书或未知 CA）',
  ),
  UNABLE_TO_GET_ISSUER_CERT: bi('the issuer certificate of the chain could not be found', '找不到证书链中的签发者证书'),
  CERT_SIGNATURE_FAILURE: bi('the certificate signature is invalid', '证书签名无效'),
  CERT_REVOKED: bi('the certificate has been revoked', '证书已被吊销'),
  CERT_UNTRUSTED: bi('the certificate is not trusted', '证书不受信任'),
  INVALID_CA: bi('a CA certificate in the chain is invalid', '证书链中的 CA 证书无效'),
};

/** Socket-level failures that mean "the target is down or unreachable". */
const connectionProblems: Readonly<Record<string, Bilingual>> = {
  ECONNREFUSED: bi('connection refused (nothing listens on that port)', '连接被拒绝（端口上没有服务监听）'),
  ECONNRESET: bi('connection reset by the server', '连接被服务器重置'),
  ENOTFOUND: bi('host name not found in DNS', 'DNS 中找不到该主机名'),
  EAI_AGAIN: bi('DNS lookup failed temporarily', 'DNS 查询暂时失败'),
  EHOSTUNREACH: bi('host unreachable', '主机不可达'),
  ENETUNREACH: bi('network unreachable', '网络不可达'),
  ETIMEDOUT: bi('connection timed out', '连接超时'),
  EPIPE: bi('connection closed while sending', '发送时连接已关闭'),
  UND_ERR_SOCKET: bi('the server closed the connection without a complete answer', '服务器未完整响应就关闭了连接'),
  UND_ERR_CONNECT_TIMEOUT: bi('connection timed out', '连接超时'),
  HPE_INVALID_CONSTANT: bi('the answer is not HTTP', '响应不是 HTTP 协议'),
  ERR_SSL_WRONG_VERSION_NUMBER: bi('the port does not speak TLS (plain HTTP on an https:// URL?)', '该端口不是 TLS（https:// 地址指向了 HTTP 端口？）'),
};

/** Bilingual words for a certificate verification code, or undefined when it is not one. */
export function certificateProblem(code: string): Bilingual | undefined {
  return certificateProblems[code];
}

/** The error code node or undici attached, looking through `cause` chains. */
export function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
  }
  return undefined;
}

/**
 * Explains why a connection to `target` failed, naming the certificate problem when there is one;
 * undefined when the error is not a network or TLS failure (a bug or bad configuration instead).
 */
export function describeConnectionFailure(error: unknown, target: string): { code: string; text: Bilingual } | undefined {
  const code = errorCode(error);
  if (code === undefined) return undefined;
  const certificate = certificateProblems[code];
  if (certificate) {
    return { code, text: bi(`${target}: TLS failed, ${certificate.en} (${code})`, `${target}：TLS 握手失败，${certificate.zh}（${code}）`) };
  }
  const connection = connectionProblems[code];
  if (connection) return { code, text: bi(`${target}: ${connection.en} (${code})`, `${target}：${connection.zh}（${code}）`) };
  if (/^(E[A-Z]+|ERR_SSL_.*|ERR_TLS_.*|HPE_.*|UND_ERR_(SOCKET|CONNECT_TIMEOUT|HEADERS_OVERFLOW|RESPONSE_STATUS_CODE))$/.test(code)) {
    const message = error instanceof Error ? error.message : String(error);
    return { code, text: bi(`${target}: connection failed: ${message} (${code})`, `${target}：连接失败：${message}（${code}）`) };
  }
  return undefined;
}

const dayMs = 86_400_000;

/** Whole days until `validTo` (negative once expired), as `days_left` facts report it. */
export function daysLeft(validTo: Date, now = Date.now()): number {
  return Math.floor((validTo.getTime() - now) / dayMs);
}
