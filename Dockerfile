# The recipes website and JSON API (`recipes serve`) as a container.
#   docker build -t recipes-site .
#   docker run -p 8080:8080 recipes-site
# Stateless: run as many replicas as you like behind any load balancer
# (deploy/site/kubernetes.yaml). Debian packages only, as in CI.
FROM debian:bookworm-slim AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake pkg-config libyaml-dev nlohmann-json3-dev rapidjson-dev libmicrohttpd-dev \
      libcli11-dev libfmt-dev zlib1g-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libgtest-dev libgmock-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN rm -rf build && cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j"$(nproc)" --target recipes

FROM debian:bookworm-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libyaml-0-2 libmicrohttpd12 zlib1g libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6 curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home recipes
COPY --from=build /src/build/recipes /usr/local/bin/recipes
USER 10001
EXPOSE 8080
# Ready once the catalog is loaded and validated.
HEALTHCHECK --interval=10s --timeout=2s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz >/dev/null || exit 1
# SIGTERM drains in-flight requests (at most 5 s) before exiting.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/recipes", "serve", "--host", "0.0.0.0", "--port", "8080"]
