import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';

/** The environment variable holding the path of the code-upload key (代码上传密钥) unless `--key-env` names another. */
export const defaultKeyEnv = 'GOLIVE_MP_KEY_FILE';

/** The code-upload key: read from the file an environment variable names, never from the plan. */
export interface UploadKey {
  readonly path: string;
  readonly pem: string;
  /** The appid in the console's file name `private.<appid>.key`, when the file is named that way. */
  readonly appidInName: string | undefined;
}

const consoleHint = bi(
  'Download it from mp.weixin.qq.com → 管理 → 开发管理 → 开发设置 → 小程序代码上传 (an admin resets it when lost).',
  '在 mp.weixin.qq.com → 管理 → 开发管理 → 开发设置 → 小程序代码上传 下载（丢失时需管理员重置）。',
);

/** Reads and vets the key named by `env[variable]`; every failure says which variable and file, never the key. */
export async function readUploadKey(env: NodeJS.ProcessEnv, variable: string, cwd: string): Promise<UploadKey> {
  const named = env[variable]?.trim();
  if (!named) {
    throw new GoliveError(
      'miniprogram.key-missing',
      bi(
        `no code-upload key: set ${variable} to the path of the key file (private.<appid>.key). ${consoleHint.en}`,
        `缺少代码上传密钥：请将 ${variable} 设为密钥文件（private.<appid>.key）的路径。${consoleHint.zh}`,
      ),
    );
  }
  const path = isAbsolute(named) ? named : resolve(cwd, named);
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new GoliveError(
      'miniprogram.key-missing',
      bi(`cannot read the code-upload key ${path} named by ${variable} (${code}). ${consoleHint.en}`, `无法读取 ${variable} 指向的代码上传密钥 ${path}（${code}）。${consoleHint.zh}`),
      { cause: error },
    );
  }
  try {
    createPrivateKey(pem);
  } catch {
    // The key's text stays out of the message: only the file is named.
    throw new GoliveError(
      'miniprogram.key-invalid',
      bi(`${path} (from ${variable}) is not a private key in PEM form. ${consoleHint.en}`, `${path}（来自 ${variable}）不是 PEM 格式的私钥。${consoleHint.zh}`),
    );
  }
  const appidInName = /^private\.(wx[0-9a-z]+)\.key$/i.exec(basename(path))?.[1];
  return { path, pem, appidInName };
}
