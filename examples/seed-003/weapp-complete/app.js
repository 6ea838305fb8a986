App({
  globalData: {
    apiBaseUrl: 'http://test.liufeng-dazi.cn',
    userInfo: null,
  },
});
