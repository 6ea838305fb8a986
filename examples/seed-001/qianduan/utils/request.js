const app = getApp();

export function get(path) {
  return new Promise((resolve, reject) => {
    wx.request({ url: `${app.globalData.baseUrl}${path}`, success: (res) => resolve(res.data), fail: reject });
  });
}
