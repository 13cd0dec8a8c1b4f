# Every DefectRefine image, one target each:
#   docker build --target labelgateway -t defectrefine/labelgateway .
#   (ingest | sampler | trainer | trainer-gpu | miner | labelgateway | web | schema-migrator)
# The services are published self-contained for linux-x64, so a runtime image needs no .NET: only what .NET's own
# runtime-deps image holds (C library, ICU, OpenSSL, CA certificates), plus GTK for OpenCV and curl for the health
# check. Every image runs as the non-root user 1654 ($APP_UID of .NET's images).
#
# Build arguments choose where the pieces come from, so the same file builds everywhere:
#   SDK_IMAGE, NODE_IMAGE, RUNTIME_BASE, WEB_BASE  the public bases by default (Ubuntu 24.04: its libstdc++ satisfies TorchSharp);
#   PUBLISHED=prebuilt                    take the services and the UI already built beside the file (out/, web/dist/)
#                                         instead of building them in the SDK image: scripts/images.sh does that on a
#                                         machine with no registry, on a base made from Debian packages.
# BuildKit (DOCKER_BUILDKIT=1) builds only the stages a target needs.
ARG DOTNET_VERSION=10.0
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-noble
ARG NODE_IMAGE=node:20-bookworm-slim
ARG RUNTIME_BASE=mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}-noble
ARG WEB_BASE=nginxinc/nginx-unprivileged:1.27-alpine
ARG PUBLISHED=build

# ---- restore and publish (one layer cache for all services) ----
FROM ${NODE_IMAGE} AS web-build
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY build/ build/
COPY libs/ libs/
COPY services/ services/
COPY tools/ tools/
ARG TORCH_BACKEND=cpu
RUN --mount=type=cache,target=/root/.nuget/packages \
    for service in Ingest Sampler Trainer Miner LabelGateway; do \
      dotnet publish "services/$service/$service.csproj" -c Release -r linux-x64 --self-contained -p:TorchBackend=$TORCH_BACKEND -o "/out/$service" --nologo || exit 1; \
    done && \
    dotnet publish tools/Dr/Dr.csproj -c Release -r linux-x64 --self-contained -o /out/dr --nologo
COPY --from=web-build /web/dist/ /web/dist/

# The same two folders, built outside (scripts/images.sh publishes them with the same commands).
FROM scratch AS prebuilt
COPY out/ /out/
COPY web/dist/ /web/dist/

FROM ${PUBLISHED} AS published

# ---- one runtime base: non-root, health-checked on /health/ready ----
FROM ${RUNTIME_BASE} AS runtime
# OpenCV's native library links GTK, libdrm and libatomic (ldd libOpenCvSharpExtern.so); without them every decode fails.
RUN apt-get update && apt-get install -y --no-install-recommends curl libgtk-3-0 libdrm2 libatomic1 && rm -rf /var/lib/apt/lists/* \
    && (getent passwd 1654 >/dev/null || useradd --uid 1654 --user-group --no-create-home --shell /usr/sbin/nologin app)
# Urls, not only ASPNETCORE_URLS: a service's appsettings.json names its loopback port for local runs, and app
# configuration outranks the host's ASPNETCORE_ variables; an environment variable outranks appsettings.json.
ENV Urls=http://+:8080 \
    ASPNETCORE_URLS=http://+:8080 \
    DOTNET_gcServer=0 \
    DOTNET_EnableDiagnostics=0
EXPOSE 8080
USER 1654
WORKDIR /app
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 CMD curl -fsS http://127.0.0.1:${PORT:-8080}/health/ready || exit 1

FROM runtime AS ingest
COPY --from=published --chown=1654 /out/Ingest/ ./
ENTRYPOINT ["./DefectRefine.Ingest"]

FROM runtime AS sampler
COPY --from=published --chown=1654 /out/Sampler/ ./
ENTRYPOINT ["./DefectRefine.Sampler"]

FROM runtime AS trainer
COPY --from=published --chown=1654 /out/Trainer/ ./
ENTRYPOINT ["./DefectRefine.Trainer"]

FROM runtime AS miner
COPY --from=published --chown=1654 /out/Miner/ ./
ENTRYPOINT ["./DefectRefine.Miner"]

FROM runtime AS labelgateway
COPY --from=published --chown=1654 /out/LabelGateway/ ./
# The gateway serves the labelling UI from wwwroot (services/LabelGateway/Apis/WebUi.cs).
COPY --from=published --chown=1654 /web/dist/ ./wwwroot/
ENTRYPOINT ["./DefectRefine.LabelGateway"]

# The labelling UI alone, for plants that put it on a CDN or a separate ingress: static files, non-root nginx on 8080.
FROM ${WEB_BASE} AS web
COPY --from=published /web/dist/ /usr/share/nginx/html/app/
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s CMD wget -q -O /dev/null http://127.0.0.1:8080/app/ || exit 1

# The Trainer on a GPU: TorchSharp's CUDA build (not served by CI's registry: built where nuget.org is reachable).
FROM ${SDK_IMAGE} AS build-gpu
WORKDIR /src
COPY --from=build /src/ ./
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish services/Trainer/Trainer.csproj -c Release -r linux-x64 --self-contained -p:TorchBackend=cuda -o /out/Trainer --nologo

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 AS trainer-gpu
# libgtk-3-0, libdrm2, libatomic1: the Trainer decodes images through OpenCV, whose native library links them;
# libicu74: .NET's globalisation.
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates libgtk-3-0 libdrm2 libatomic1 libicu74 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 1654 --no-create-home --shell /usr/sbin/nologin app
ENV Urls=http://+:8080 ASPNETCORE_URLS=http://+:8080 NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility Trainer__AllowCuda=true
EXPOSE 8080
USER 1654
WORKDIR /app
COPY --from=build-gpu --chown=1654 /out/Trainer/ ./
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["./DefectRefine.Trainer"]

# Applies the Marten schema once (a Kubernetes Job / compose one-off) before services roll.
FROM runtime AS schema-migrator
COPY --from=published --chown=1654 /out/dr/ ./
ENTRYPOINT ["./dr", "schema", "apply"]
