#include "site/raster.h"

#include <cairo.h>
#include <librsvg/rsvg.h>

#include <memory>

namespace recipes {

namespace {

struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
struct SurfaceDestroy {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDestroy {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

cairo_status_t AppendPng(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::optional<std::string> SvgToPng(std::string_view svg, int width, int height, std::string* error) {
  if (width <= 0 || height <= 0 || width > 4096 || height > 4096) {
    *error = "image size out of range";
    return std::nullopt;
  }
  GError* gerr = nullptr;
  std::unique_ptr<RsvgHandle, GObjectUnref> handle(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &gerr));
  if (!handle) {
    *error = gerr ? gerr->message : "librsvg could not parse the SVG";
    if (gerr) g_error_free(gerr);
    return std::nullopt;
  }
  std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    *error = cairo_status_to_string(cairo_surface_status(surface.get()));
    return std::nullopt;
  }
  std::unique_ptr<cairo_t, CairoDestroy> cr(cairo_create(surface.get()));
  RsvgRectangle viewport{0, 0, static_cast<double>(width), static_cast<double>(height)};
  if (!rsvg_handle_render_document(handle.get(), cr.get(), &viewport, &gerr)) {
    *error = gerr ? gerr->message : "librsvg could not render the SVG";
    if (gerr) g_error_free(gerr);
    return std::nullopt;
  }
  cairo_surface_flush(surface.get());
  std::string png;
  cairo_status_t st = cairo_surface_write_to_png_stream(surface.get(), AppendPng, &png);
  if (st != CAIRO_STATUS_SUCCESS) {
    *error = cairo_status_to_string(st);
    return std::nullopt;
  }
  return png;
}

bool PngSize(std::string_view png, int* width, int* height) {
  static const char kSig[] = "\x89PNG\r\n\x1a\n";
  if (png.size() < 24 || png.substr(0, 8) != std::string_view(kSig, 8) || png.substr(12, 4) != "IHDR") return false;
  auto be32 = [&](size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  *width = static_cast<int>(be32(16));
  *height = static_cast<int>(be32(20));
  return true;
}

}  // namespace recipes
