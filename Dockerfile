# ordergate: one image for `serve` and `worker`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# tsx (a runtime dependency) compiles the TypeScript sources on load, so there is no build step.
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY connectors ./connectors
# No mappings/: the repository's holds two example partners, which every start would create. Mount your own
# partner folders at /app/mappings (see docker-compose.yml); without them the partners come over HTTP.
COPY migrations ./migrations
COPY tsconfig.json ./
USER node
EXPOSE 8787
ENTRYPOINT ["node", "bin/ordergate.js"]
CMD ["serve"]
