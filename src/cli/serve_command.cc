// recipes serve [--catalog DIR] [--host 127.0.0.1] [--port 8080] [--threads N] [limits...]
// Loads the catalog once, pre-renders the hot pages (the JSON API and recipe
// pages render on first request, into byte-budget caches),
// and serves them until SIGTERM / SIGINT.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "cli/cli_args.h"
#include "cli/commands.h"
#include "parse/catalog_loader.h"
#include "site/builder_routes.h"
#include "site/http_server.h"
#include "site/site.h"

namespace recipes {

int RunServe(const std::vector<std::string>& args) {
  CLI::App app{"Serve the website and the JSON API.", "recipes serve"};
  std::string dir;
  HttpServerOptions server;
  SiteOptions site_options;
  bool no_api = false;
  app.add_option("--catalog", dir, "catalog folder (default: the catalog built into the binary)");
  app.add_option("--host", server.host, "address to listen on")->capture_default_str();
  app.add_option("--port", server.port, "port to listen on (0 = any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--site-url", site_options.config.site_url, "canonical base URL for links in metadata")
      ->capture_default_str();
  app.add_flag("--no-api", no_api, "do not serve the JSON API (faster start)");
  app.add_flag("--access-log", server.access_log, "log every request to stderr (Common Log Format)");
  app.add_option("--threads", server.threads, "event-loop worker threads (0 = one per core)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  app.add_option("--header-timeout", server.header_timeout_s, "seconds a client has to send a whole request")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--idle-timeout", server.idle_timeout_s, "seconds an idle (keep-alive) connection stays open")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--max-connections", server.max_connections, "open connections at most")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--max-connections-per-ip", server.max_per_ip, "open connections per client address at most")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--max-header-bytes", server.max_header_bytes, "request header bytes at most (431 beyond)")
      ->check(CLI::Range(1024, 1 << 20))
      ->capture_default_str();
  app.add_option("--max-header-lines", server.max_header_lines, "request header lines at most (431 beyond)")
      ->check(CLI::Range(8, 10000))
      ->capture_default_str();
  size_t resolve_cache_mb = site_options.resolve_cache_bytes >> 20;
  size_t api_cache_mb = site_options.api_cache_bytes >> 20;
  app.add_option("--resolve-cache-mb", resolve_cache_mb, "memory for cached /api/resolve answers (MB)")
      ->check(CLI::Range(0, 1 << 20))
      ->capture_default_str();
  app.add_option("--api-cache-mb", api_cache_mb, "memory for JSON API files rendered on demand (MB)")
      ->check(CLI::Range(0, 1 << 20))
      ->capture_default_str();
  app.add_option("--max-url-bytes", server.max_url_bytes, "request target bytes at most (414 beyond)")
      ->check(CLI::Range(256, 1 << 20))
      ->capture_default_str();
  if (auto code = ParseArgs(app, args)) return *code;
  site_options.resolve_cache_bytes = resolve_cache_mb << 20;
  site_options.api_cache_bytes = api_cache_mb << 20;
  while (!site_options.config.site_url.empty() && site_options.config.site_url.back() == '/') {
    site_options.config.site_url.pop_back();
  }
  if (!dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      std::fprintf(stderr, "recipes serve: no catalog folder at '%s'\n", dir.c_str());
      return 2;
    }
  }
  auto start = std::chrono::steady_clock::now();
  LoadResult loaded = LoadCatalogFrom(dir);
  size_t errors = CountErrors(loaded.diagnostics);
  if (errors > 0) {
    for (const Diagnostic& d : loaded.diagnostics) {
      if (d.is_error()) std::fputs(d.Render().c_str(), stderr);
    }
    std::fprintf(stderr, "recipes serve: the catalog has %zu error(s); serving what loaded\n", errors);
  }
  site_options.build_api = !no_api;
  UseCommandBuilder(&site_options);  // the recipe page and /api/resolve
  Site site(*loaded.catalog, site_options);
  const SiteStats& stats = site.stats();
  if (!stats.api_error.empty()) {
    std::fprintf(stderr, "recipes serve: JSON API not available: %s\n", stats.api_error.c_str());
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  server.on_listening = [&](int port) {
    std::printf("Serving %zu recipes (%zu pages, %zu JSON files kept whole, the rest of the API on demand; %.1f MB in "
                "memory, ready in %.1f s)\n",
                site.index().recipes().size(), stats.pages, stats.api_files, stats.stored_bytes / 1e6, secs);
    std::printf("Listening on http://%s:%d/  (Ctrl+C to stop)\n", server.host.c_str(), port);
    std::fflush(stdout);
  };
  std::string error;
  int rc = RunHttpServer(site, server, &error);
  if (rc != 0) {
    std::fprintf(stderr, "recipes serve: %s\n", error.c_str());
    return 1;
  }
  std::printf("Stopped.\n");
  return 0;
}

}  // namespace recipes
