# ordergate: one image for `serve` and `worker`, running the compiled build (dist/) on plain node.

# Build stage: every dependency (TypeScript among them), then `npm run build`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY connectors ./connectors
RUN npm run build

# Runtime stage: production dependencies, the build and the migrations; no sources, no tsx.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# No mappings/: the repository's holds two example partners, which every start would create. Mount your own
# partner folders at /app/mappings (see docker-compose.yml); without them the partners come over HTTP.
COPY migrations ./migrations
USER node
EXPOSE 8787
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["serve"]
