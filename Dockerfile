# One image, two commands: the API (`node dist/src/main.js`) and the worker (`node dist/src/worker.js`).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci rejects npm 11 lock files that lack other platforms' optional packages; see scripts/test-ci.sh.
RUN npm install --no-save --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev

# The web app (web/dist), served by the API at /.
FROM node:24-bookworm-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm install --no-save --no-audit --no-fund
COPY web/index.html web/vite.config.ts web/tsconfig.json ./
COPY web/src ./src
RUN NODE_ENV=production npx vite build

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=web /web/dist ./web/dist
USER node
EXPOSE 3000 3001
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
