import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import type { BuildTarget } from './client.js';

/** What WeChat's CI endpoints answer in `errCode`, as miniprogram-ci passes it on in its error text. */
const errCodePattern = /errCode["']?\s*[:=]\s*(-?\d+)/;
const errMsgPattern = /errMsg["']?\s*[:=]\s*["']?([^"'}\n]*)/;

/** How miniprogram-ci fails before WeChat answers: its own codes (config/config.js) and Node's network codes. */
const localSignatureError = 20002;
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT']);

const whitelistHint = bi(
  'add this machine\'s public IP to the key\'s IP whitelist (mp.weixin.qq.com → 管理 → 开发管理 → 开发设置 → 小程序代码上传), or upload from a machine on it',
  '请把本机公网 IP 加入该密钥的 IP 白名单（mp.weixin.qq.com → 管理 → 开发管理 → 开发设置 → 小程序代码上传），或在白名单内的机器上上传',
);

/** Turns a miniprogram-ci failure into one bilingual line a person can act on; the key never appears in it. */
export function ciFailure(error: unknown, target: BuildTarget, log: readonly string[]): GoliveError {
  const text = (error instanceof Error ? error.message : String(error)).replaceAll(target.key.pem, '[key]');
  const libraryCode = (error as { code?: unknown } | null)?.code;
  const errCode = Number(errCodePattern.exec(text)?.[1] ?? Number.NaN);
  const errMsg = (errMsgPattern.exec(text)?.[1] ?? text).trim().slice(0, 200);
  const detail = { cause: error, exitCode: 2 as const };
  if (errCode === -10008 || /invalid ip/i.test(text)) {
    const ip = /invalid ip:?\s*([0-9a-f.:]+)/i.exec(text)?.[1] ?? '?';
    return new GoliveError('miniprogram.ip-not-allowed', bi(`WeChat refused the upload from IP ${ip} (-10008, not on the whitelist): ${whitelistHint.en}`, `微信拒绝了来自 IP ${ip} 的上传（-10008，不在白名单内）：${whitelistHint.zh}`), detail);
  }
  if (errCode === 40013 || /invalid appid/i.test(text)) {
    return new GoliveError(
      'miniprogram.appid',
      bi(
        `WeChat does not accept appid ${target.appid} (${errCode}: ${errMsg}): check appid in project.config.json and that the key ${target.key.path} was downloaded for that mini-program`,
        `微信不接受 appid ${target.appid}（${errCode}：${errMsg}）：请检查 project.config.json 中的 appid，并确认密钥 ${target.key.path} 是该小程序的`,
      ),
      detail,
    );
  }
  if (libraryCode === localSignatureError) {
    return new GoliveError('miniprogram.key-invalid', bi(`the key ${target.key.path} cannot sign for WeChat (not an RSA private key?)`, `密钥 ${target.key.path} 无法用于微信签名（不是 RSA 私钥？）`), detail);
  }
  if (Number.isFinite(errCode)) {
    return new GoliveError(
      'miniprogram.rejected',
      bi(
        `WeChat refused the request for appid ${target.appid} (errCode ${errCode}: ${errMsg}); a key of another mini-program or a reset key is refused like this`,
        `微信拒绝了 appid ${target.appid} 的请求（errCode ${errCode}：${errMsg}）；其他小程序的密钥或已重置的密钥会被这样拒绝`,
      ),
      detail,
    );
  }
  const network = [...networkCodes].find((code) => text.includes(code));
  if (network) {
    return new GoliveError('miniprogram.network', bi(`cannot reach WeChat (servicewechat.com): ${network}; check the network or HTTPS_PROXY`, `无法连接微信（servicewechat.com）：${network}；请检查网络或 HTTPS_PROXY`), detail);
  }
  const last = log.filter((line) => /error|fail/i.test(line)).at(-1) ?? '';
  return new GoliveError('miniprogram.ci-failed', bi(`miniprogram-ci failed: ${text.slice(0, 300)}${last ? ` (${last.slice(0, 200)})` : ''}`, `miniprogram-ci 执行失败：${text.slice(0, 300)}${last ? `（${last.slice(0, 200)}）` : ''}`), detail);
}
