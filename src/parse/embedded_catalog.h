// The files of catalog/, compiled into the binary by scripts/embed_files.cmake.
#ifndef RECIPES_PARSE_EMBEDDED_CATALOG_H_
#define RECIPES_PARSE_EMBEDDED_CATALOG_H_

#include <cstddef>
#include <span>

namespace recipes {

struct EmbeddedFile {
  const char* path;  // relative to catalog/, e.g. "models/MiniMaxAI/MiniMax-M3.yaml"
  const char* data;
  size_t size;
};

/// Every embedded file, sorted by path in byte order.
std::span<const EmbeddedFile> EmbeddedCatalogFiles();

}  // namespace recipes

#endif  // RECIPES_PARSE_EMBEDDED_CATALOG_H_
