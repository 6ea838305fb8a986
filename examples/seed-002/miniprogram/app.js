App({
  onLaunch() {
    wx.cloud.init({ env: 'frisbee-prod-7g2k', traceUser: true });
  },
});
