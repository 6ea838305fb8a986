const { request } = require('./utils/request');

App({
  globalData: { user: null },
  onLaunch() {
    request('/api/session').then((session) => {
      this.globalData.user = session.user;
    });
  },
});
