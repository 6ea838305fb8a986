import { PROD_API_BASE_URL } from '../../config/runtime.js';

Page({
  data: { events: [] },
  onLoad() {
    wx.request({ url: `${PROD_API_BASE_URL}/api/events`, success: (res) => this.setData({ events: res.data.items }) });
  },
});
