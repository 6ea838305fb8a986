import { BASE_URL } from './config/index.js';

App({
  globalData: { baseUrl: BASE_URL },
});
