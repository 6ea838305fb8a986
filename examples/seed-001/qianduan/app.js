App({
  globalData: { baseUrl: 'https://api.qiaomai-mall.cn/api' },
});
