import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEV_API_BASE_URL, PROD_API_BASE_URL } from '../config/runtime.js';

test('the production API is https and differs from the development one', () => {
  assert.match(PROD_API_BASE_URL, /^https:\/\//);
  assert.notEqual(PROD_API_BASE_URL, DEV_API_BASE_URL);
});
