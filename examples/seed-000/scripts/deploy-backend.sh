#!/bin/sh
# Starts the backend container on the production server (seed 000 §4).
set -eu
TAG="$1"
docker rm -f xinyi-wenlu-backend 2>/dev/null || true
docker run -d --name xinyi-wenlu-backend --restart unless-stopped -p 3000:3000 \
  -e NODE_ENV=production \
  -e DB_HOST -e DB_NAME -e OSS_BUCKET \
  -e LOG_LEVEL=debug \
  "registry.cn-shenzhen.aliyuncs.com/xinyi/wenlu-backend:$TAG"
