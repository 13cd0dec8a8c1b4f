# syntax=docker/dockerfile:1.7
# Every DefectRefine image, one target each:
#   docker build --target labelgateway -t defectrefine/labelgateway .
#   (ingest | sampler | trainer | trainer-gpu | miner | labelgateway | web | schema-migrator)
# Runtime images are Ubuntu 24.04 (noble) based: their libstdc++ satisfies TorchSharp's native library, so the Debian 12
# fix in build/ is a no-op here. Every image runs as the non-root user the .NET images ship ($APP_UID, 1654).

ARG DOTNET_VERSION=10.0

# ---- restore and publish (one layer cache for all services) ----
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-noble AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY build/ build/
COPY libs/ libs/
COPY services/ services/
COPY tools/ tools/
ARG TORCH_BACKEND=cpu
RUN --mount=type=cache,target=/root/.nuget/packages \
    for service in Ingest Sampler Trainer Miner LabelGateway; do \
      dotnet publish "services/$service/$service.csproj" -c Release -p:TorchBackend=$TORCH_BACKEND -o "/out/$service" --nologo || exit 1; \
    done && \
    dotnet publish tools/Dr/Dr.csproj -c Release -o /out/dr --nologo

FROM node:20-bookworm-slim AS web-build
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# ---- one runtime base: non-root, health-checked on /health/ready ----
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl libgtk-3-0 && rm -rf /var/lib/apt/lists/*
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_gcServer=0 \
    DOTNET_EnableDiagnostics=0
EXPOSE 8080
USER $APP_UID
WORKDIR /app
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1

FROM runtime AS ingest
COPY --from=build --chown=$APP_UID /out/Ingest/ ./
ENTRYPOINT ["dotnet", "DefectRefine.Ingest.dll"]

FROM runtime AS sampler
COPY --from=build --chown=$APP_UID /out/Sampler/ ./
ENTRYPOINT ["dotnet", "DefectRefine.Sampler.dll"]

FROM runtime AS trainer
COPY --from=build --chown=$APP_UID /out/Trainer/ ./
ENTRYPOINT ["dotnet", "DefectRefine.Trainer.dll"]

FROM runtime AS miner
COPY --from=build --chown=$APP_UID /out/Miner/ ./
ENTRYPOINT ["dotnet", "DefectRefine.Miner.dll"]

FROM runtime AS labelgateway
COPY --from=build --chown=$APP_UID /out/LabelGateway/ ./
# The gateway serves the labelling UI from wwwroot (services/LabelGateway/Apis/WebUi.cs).
COPY --from=web-build --chown=$APP_UID /web/dist/ ./wwwroot/
ENTRYPOINT ["dotnet", "DefectRefine.LabelGateway.dll"]

# The labelling UI alone, for plants that put it on a CDN or a separate ingress: static files, non-root nginx on 8080.
FROM nginxinc/nginx-unprivileged:1.27-alpine AS web
COPY --from=web-build /web/dist/ /usr/share/nginx/html/app/
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s CMD wget -q -O /dev/null http://127.0.0.1:8080/app/ || exit 1

# The Trainer on a GPU: TorchSharp's CUDA build (not served by CI's registry: built where nuget.org is reachable).
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-noble AS build-gpu
WORKDIR /src
COPY --from=build /src/ ./
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish services/Trainer/Trainer.csproj -c Release -p:TorchBackend=cuda -o /out/Trainer --nologo

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 AS trainer-gpu
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates aspnetcore-runtime-10.0 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 1654 --no-create-home --shell /usr/sbin/nologin app
ENV ASPNETCORE_URLS=http://+:8080 NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility Trainer__AllowCuda=true
EXPOSE 8080
USER 1654
WORKDIR /app
COPY --from=build-gpu --chown=1654 /out/Trainer/ ./
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "DefectRefine.Trainer.dll"]

# Applies the Marten schema once (a Kubernetes Job / compose one-off) before services roll.
FROM runtime AS schema-migrator
COPY --from=build --chown=$APP_UID /out/dr/ ./
ENTRYPOINT ["dotnet", "dr.dll", "schema", "apply"]
