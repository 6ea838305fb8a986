import type { Rule } from '../rule.js';
import { difyApiKey, llmApiKey, modelScopeToken, sonarToken } from './api-keys.js';
import { clientSecretArgument, connectPasswordArgument, signedStringKey, signingKeyArgument } from './call-arguments.js';
import {
  awsAccessKeyId,
  awsSecretAccessKey,
  githubToken,
  jsonWebToken,
  slackToken,
  slackWebhook,
} from './cloud-general.js';
import {
  aliyunAccessKeyId,
  aliyunAccessKeySecret,
  aliyunAppCode,
  amapKey,
  baiduMapAk,
  juheApiKey,
  kdniaoApiKey,
  qiniuKey,
  tencentImKey,
  tencentMapKey,
  tencentSecretId,
  tencentSecretKey,
  wechatAppSecret,
  wecomSecret,
  wechatMessageToken,
  wechatPayKey,
} from './china-cloud.js';
import { commandLineSecret } from './commands.js';
import { labelledPassword, passwordTableColumn, scriptedLogin, serverCredentialPair } from './documents.js';
import {
  connectionStringPassword,
  genericSecretAssignment,
  keyStoreFile,
  passwordWithHost,
  privateKey,
  urlCredentials,
  weakSecret,
} from './keys-and-urls.js';
import { consoleCall, debugSwitch, debuggerStatement, localUrl, privateIpUrl, testDomainUrl, todoMarker } from './leftovers.js';
import { repeatedSecret } from './repeats.js';
import { settingRowSecret } from './setting-rows.js';
import { sqlAccountPassword, sqlSecretColumn } from './sql-dumps.js';
import { aesKey } from './symmetric-keys.js';
import { dingtalkSignSecret, dingtalkWebhook, feishuWebhook, wecomWebhook } from './webhooks.js';

/** Every secret rule, specific ones first. */
export const secretRules: readonly Rule[] = [
  awsAccessKeyId,
  awsSecretAccessKey,
  githubToken,
  slackToken,
  slackWebhook,
  privateKey,
  keyStoreFile,
  jsonWebToken,
  llmApiKey,
  difyApiKey,
  modelScopeToken,
  sonarToken,
  connectionStringPassword,
  urlCredentials,
  aliyunAccessKeyId,
  aliyunAccessKeySecret,
  tencentSecretId,
  tencentSecretKey,
  wechatAppSecret,
  wecomSecret,
  wechatPayKey,
  wechatMessageToken,
  tencentImKey,
  tencentMapKey,
  amapKey,
  baiduMapAk,
  juheApiKey,
  kdniaoApiKey,
  aliyunAppCode,
  qiniuKey,
  aesKey,
  wecomWebhook,
  dingtalkWebhook,
  dingtalkSignSecret,
  feishuWebhook,
  commandLineSecret,
  clientSecretArgument,
  connectPasswordArgument,
  signedStringKey,
  signingKeyArgument,
  serverCredentialPair,
  labelledPassword,
  passwordTableColumn,
  scriptedLogin,
  sqlAccountPassword,
  settingRowSecret,
  passwordWithHost,
  genericSecretAssignment,
  weakSecret,
  sqlSecretColumn,
];

/** Every risky-leftover rule. */
export const leftoverRules: readonly Rule[] = [todoMarker, consoleCall, debuggerStatement, debugSwitch, localUrl, privateIpUrl, testDomainUrl];

/**
 * Every rule a report can name: the line rules, and `repeated-secret`, which the scan applies once it knows the values
 * the others found (never compiled into a rule set: it has no keywords and finds nothing on a line by itself).
 */
export const builtinRules: readonly Rule[] = [...secretRules, repeatedSecret, ...leftoverRules];

/** Looks a built-in rule up by id. */
export function builtinRule(id: string): Rule | undefined {
  return builtinRules.find((rule) => rule.id === id);
}
