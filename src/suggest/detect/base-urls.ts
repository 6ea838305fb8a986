import { codeLines } from '../../checks/miniprogram/_code.js';
import { findUrls } from '../../checks/miniprogram/_urls.js';
import type { BaseUrl } from '../profile.js';
import { defineDetector } from './detector.js';

/** Where mini-program code usually sets its API base URL (the miniprogram check looks in the same places). */
const configFolders = /(^|\/)(config|configs|utils|util|api|apis|services|service|common|env|request|http|constants)\//;
const configFiles = /^(app|config|env|runtime)\.[cm]?[jt]s$/;

/** Production API base URLs assigned in mini-program config code, read with the miniprogram check's own lexer. */
export const baseUrlsDetector = defineDetector({
  wants: (rel, name) => /\.[cm]?[jt]s$/.test(name) && !/(^|\/)(cloudfunctions?|server|backend|api-server)\//.test(rel) && (configFiles.test(name) || configFolders.test(rel)),
  read(file) {
    if (!file.text.includes('://')) return {};
    const baseUrls: BaseUrl[] = findUrls(file.rel, codeLines(file.text), 'constants')
      .filter((found) => found.environment === 'production')
      .flatMap((found) => {
        const host = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(found.url)?.[1];
        return host && !host.includes('${') ? [{ file: file.rel, url: found.url, host: host.toLowerCase() }] : [];
      });
    return baseUrls.length > 0 ? { baseUrls } : {};
  },
});
