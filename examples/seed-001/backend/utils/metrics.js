const promClient = require('prom-client');

const register = new promClient.Registry();
const httpRequests = new promClient.Counter({
  name: 'http_requests_total',
  help: 'HTTP requests by route and status',
  labelNames: ['method', 'route', 'status_code'],
  registers: [register],
});

module.exports = { register, httpRequests };
