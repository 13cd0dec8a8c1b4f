# What .NET's runtime-deps image holds, from Debian 12 packages: the base of the service images where no registry is
# reachable (scripts/images.sh). BASE is the minimal Debian that debootstrap made.
ARG BASE=local/debian:bookworm
FROM ${BASE}
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libicu72 libssl3 tzdata zlib1g libstdc++6 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 1654 --user-group --no-create-home --shell /usr/sbin/nologin app
