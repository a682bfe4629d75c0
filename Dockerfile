# livekit-meet on Debian bookworm: docker build -t livekit-meet . (see docs/deploy.md).
#
# web:     the web app (npm ci && npm run build in web/). Its build tools need Node.js 20.19 or
#          newer (web/package.json "engines"), newer than bookworm's own Node.js 18, so this stage
#          is the Node.js 20 image built on bookworm.
# build:   scripts/setup.sh installs the build dependencies; the release preset is built and
#          packaged by the install rules of `make package` (packaging/CMakeLists.txt).
# runtime: the package and the runtime libraries it declares, curl for the health check, and the
#          program running as an unprivileged user.

FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/ ./
RUN npm run build --silent

FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/setup.sh scripts/
RUN scripts/setup.sh && rm -rf /var/lib/apt/lists/*
COPY . .
COPY --from=web /src/web/dist web/dist
RUN cmake --preset release \
 && cmake --build --preset release \
 && cd build-release && cpack -G DEB

FROM debian:bookworm-slim
COPY --from=build /src/build-release/livekit-meet_*.deb /tmp/
RUN apt-get update \
 && apt-get install -y --no-install-recommends /tmp/livekit-meet_*.deb ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* /tmp/livekit-meet_*.deb \
 && useradd --system --home-dir /var/lib/livekit-meet --shell /usr/sbin/nologin livekit-meet \
 && install -d -o livekit-meet -g livekit-meet -m 0700 /var/lib/livekit-meet
USER livekit-meet
ENV MEET_DATA_DIR=/var/lib/livekit-meet
VOLUME /var/lib/livekit-meet
EXPOSE 8080
# With --port or --base-path changed, give `docker run` a matching --health-cmd.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/usr/bin/livekit-meet"]
CMD ["serve"]
