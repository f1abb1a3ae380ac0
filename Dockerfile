# syntax=docker/dockerfile:1
# One image for every Switchboard service. `APP` picks what runs:
#   gateway | conversation-service | sms-dispatcher | email-dispatcher | webhook-ingest |
#   voice-dispatcher | webhook-dispatcher |
#   provider-sandbox | migrate (creates the database, runs migrations, provisions streams; exits)
#
#   docker build -t switchboard:local .
#   docker run --rm -e APP=gateway -e NATS_URL=nats://nats:4222 -p 8080:8080 switchboard:local
ARG NODE_IMAGE=node:20-bookworm-slim

# Every dependency, dev ones included: the build needs esbuild.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# Bundles each app and the migration entry into dist/ (workspace libs inlined), and builds the console.
FROM deps AS build
COPY tsconfig.base.json tsconfig.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools
RUN node tools/build/build.mjs
# The operator console's static files (dist/console), which the gateway serves at /console/.
RUN node tools/dev/console-build.mjs --force

# Only what the bundles load at run time.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# tini is PID 1: it forwards SIGTERM to node (graceful drain) and reaps zombies.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The V8 heap is set, not left to V8's guess from the container's memory limit: under 384–512 MiB
# it picks a 1 MiB young generation, which costs 20–35% more CPU per message (docs/DEPLOYMENT.md).
# The same flags as tools/build/node-flags.json, which `npm start` and the tests run with.
ENV NODE_ENV=production \
    NODE_OPTIONS="--enable-source-maps --max-semi-space-size=16 --max-old-space-size=256"
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./

ARG APP=gateway
ENV APP=${APP}

# The base image's unprivileged `node` user, by number so Kubernetes can verify runAsNonRoot.
# The files above stay owned by root: the process cannot modify its own code.
USER 1000:1000

# Default ports: gateway 8080, conversation-service 8081, sms-dispatcher 8082,
# email-dispatcher 8083, webhook-ingest 8084, voice-dispatcher 8085, webhook-dispatcher 8086,
# provider-sandbox 4010.
EXPOSE 8080 8081 8082 8083 8084 8085 8086 4010

# Probes the running app's /health on its own port setting (or that app's default port).
# `migrate` is a one-shot task with nothing to probe.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e 'const ports = {"gateway": ["GATEWAY_PORT", 8080], "conversation-service": ["CONVERSATION_SERVICE_PORT", 8081], "sms-dispatcher": ["SMS_DISPATCHER_PORT", 8082], "email-dispatcher": ["EMAIL_DISPATCHER_PORT", 8083], "webhook-ingest": ["WEBHOOK_INGEST_PORT", 8084], "voice-dispatcher": ["VOICE_DISPATCHER_PORT", 8085], "webhook-dispatcher": ["WEBHOOK_DISPATCHER_PORT", 8086], "provider-sandbox": ["SANDBOX_PORT", 4010]}; const p = ports[process.env.APP]; if (!p) process.exit(0); fetch("http://127.0.0.1:" + (process.env[p[0]] || p[1]) + "/health", { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));'

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/bin/sh", "-c", "if [ \"$APP\" = migrate ]; then exec node dist/tools/prepare.js; fi; if [ ! -f \"dist/apps/$APP/main.js\" ]; then echo \"unknown APP '$APP'; one of: migrate $(ls dist/apps | tr '\\n' ' ')\" >&2; exit 64; fi; exec node \"dist/apps/$APP/main.js\""]
