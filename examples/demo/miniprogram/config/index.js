// Production API base URL: must be https and inside the request domains set in the WeChat console.
// 生产环境 API 地址：必须是 https，且在微信后台配置的 request 合法域名内。
module.exports = {
  API_BASE_URL: 'https://api.shop.example.com',
};
