# syntax=docker/dockerfile:1
# The api, the worker and the two stand-ins (EMS provider, nDelius), one build target each:
#   docker build --target api .    docker build --target worker .
#   docker build --target ems-simulator .    docker build --target ndelius-stand-in .
# One file rather than three because the apps share one package.json, one lockfile and one `tsc`
# build: the deps and build stages are the same for all of them, so they are written (and cached) once.
# Each target starts its app with the command `npm start` uses: node dist/apps/<app>/src/main.js
# (appEntry in libs/config/src/paths.ts; test/deploy/images.test.ts holds them equal).

ARG NODE_IMAGE=node:24.22-bookworm-slim

# deps: every dependency, dev ones included, to compile. Install scripts are not needed: the
# Temporal core bridge and swc ship prebuilt binaries (architecture.md).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

# build: compile, then bundle the workflows once, so the worker starts without webpack and every
# replica runs exactly the code the image was built with.
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
COPY workflows workflows
COPY scripts scripts
RUN npm run build && node dist/scripts/bundle-workflows.js dist/workflow-bundle.js

# runtime: production dependencies and the compiled code only, run as the image's unprivileged
# `node` user. State the apps write (the R17 audit log) goes to /var/lib/curfew-variations, a volume.
FROM ${NODE_IMAGE} AS runtime
# What GET /info reports: the image has no .git folder, so the build is told (docs/operations.md).
ARG BUILD_NUMBER=0.1.0 GIT_REF=unknown GIT_BRANCH=unknown
ENV BUILD_NUMBER=${BUILD_NUMBER} GIT_REF=${GIT_REF} GIT_BRANCH=${GIT_BRANCH}
ENV NODE_ENV=production \
    DATA_DIR=/var/lib/curfew-variations \
    AUDIT_LOG_PATH=/var/lib/curfew-variations/audit/audit.jsonl
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force \
    && mkdir -p /var/lib/curfew-variations/audit && chown -R node:node /var/lib/curfew-variations
COPY --from=build /app/dist dist
# The sample reference data is the default REFERENCE_DATA_PATH; production mounts its own file.
COPY config config
USER node

FROM runtime AS api
# The decision pages' templates are read at run time, not compiled.
COPY apps/api/views apps/api/views
ENV PORT=3000
EXPOSE 3000
# Readiness: /health answers 200 while Temporal is reachable (the mail relay being away only shows
# in it). Liveness, for Kubernetes, is /ping. Slim images have no curl: Node's fetch does it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]

FROM runtime AS worker
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
# The worker serves no HTTP: the check asks Temporal whether this container's worker polls its queue.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "dist/scripts/worker-health.js"]
CMD ["node", "dist/apps/worker/src/main.js"]

FROM runtime AS ems-simulator
ENV EMS_SIMULATOR_PORT=3100
EXPOSE 3100
# It depends on nothing: answering /ping is being ready.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.EMS_SIMULATOR_PORT || 3100) + '/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/ems-simulator/src/main.js"]

FROM runtime AS ndelius-stand-in
ENV NDELIUS_STAND_IN_PORT=3200
EXPOSE 3200
# Its people are in memory (config/ndelius-people.json): answering /ping is being ready.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.NDELIUS_STAND_IN_PORT || 3200) + '/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/ndelius-stand-in/src/main.js"]
