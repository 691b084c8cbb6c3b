# Herald's image: `docker compose up` builds it (docker-compose.yml), or `docker build -t herald .`.
# It listens on 0.0.0.0, which the service accepts only with AUTH_MODE set: the run must choose jwt (or off).

# Build: every dependency, then the project's build (dist/, and the dashboard's files in public/).
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: production dependencies only, what the build made, the migrations; as the unprivileged node user.
FROM node:24-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/public ./public
COPY drizzle ./drizzle
# Where the embedded database lives when DATABASE_URL is unset; the only path the service writes to.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# The slim image has no curl: Node's own fetch asks.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/live`).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1, no npm or shell in between: `docker stop`'s SIGTERM reaches the service's graceful shutdown.
CMD ["node", "dist/main.js"]
