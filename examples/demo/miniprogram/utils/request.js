const { API_BASE_URL } = require('../config/index');

/** wx.request wrapped in a promise, with the API base URL in front. */
function request(path, options = {}) {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${API_BASE_URL}${path}`,
      method: options.method || 'GET',
      data: options.data,
      success: (response) => (response.statusCode < 400 ? resolve(response.data) : reject(response)),
      fail: reject,
    });
  });
}

module.exports = { request };
