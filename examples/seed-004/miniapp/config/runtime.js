export const DEV_API_BASE_URL = 'http://127.0.0.1:8080';
export const PROD_API_BASE_URL = 'https://test-api.w-mma.cn';
