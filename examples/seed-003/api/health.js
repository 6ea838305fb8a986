// Vercel serverless function: GET /api/health
export default function handler(req, res) {
  res.status(200).json({ status: 'healthy', version: '1.0.0' });
}
