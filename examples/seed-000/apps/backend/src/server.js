const http = require('node:http');

const spots = [{ id: 1, name: '放鸡岛' }, { id: 2, name: '浪漫海岸' }];

http
  .createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/api/health') return res.end(JSON.stringify({ status: 'ok' }));
    if (req.url === '/api/spots') return res.end(JSON.stringify({ items: spots }));
    res.statusCode = 404;
    res.end(JSON.stringify({ error: 'not found' }));
  })
  .listen(Number(process.env.PORT ?? 3000));
