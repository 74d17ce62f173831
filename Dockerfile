# The gpufleet container image, for sweeps on Kubernetes (`gpufleet sweep FILE --emit k8s`):
# the CLI built from this checkout with `npm ci` (whose prepare script compiles TypeScript),
# with the example scenarios and calibration profiles. The entrypoint is the CLI.
#   docker build -t gpufleet:0.1.0 .
#   docker run --rm -v "$PWD/results:/results" gpufleet:0.1.0 run scenarios/mmc.yaml --out /results/mmc
FROM node:20-bookworm-slim

WORKDIR /app
ENV CI=true NODE_ENV=production

# Sources first, then npm ci: the prepare script builds dist/ from them; dev tools are pruned after.
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm ci --no-audit --no-fund --include=dev \
  && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force

COPY scenarios ./scenarios
COPY calibration ./calibration

# Results go to a mounted volume (the emitted Kubernetes Jobs mount their claim at /results).
VOLUME ["/results"]
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["--help"]
