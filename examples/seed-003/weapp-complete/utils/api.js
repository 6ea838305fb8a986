const app = getApp();

export function request(path, data) {
  return new Promise((resolve, reject) => {
    wx.request({ url: `${app.globalData.apiBaseUrl}${path}`, data, success: (res) => resolve(res.data), fail: reject });
  });
}
