const app = getApp();

Page({
  data: { spots: [] },
  onLoad() {
    wx.request({
      url: `${app.globalData.baseUrl}/spots`,
      success: (res) => this.setData({ spots: res.data.items }),
    });
  },
});
