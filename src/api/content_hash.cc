#include "api/content_hash.h"

#include <cstring>

namespace recipes {

namespace {

constexpr uint64_t kP0 = 0x9e3779b97f4a7c15ULL;
constexpr uint64_t kP1 = 0xc2b2ae3d27d4eb4fULL;
constexpr uint64_t kP2 = 0x165667b19e3779f9ULL;
constexpr uint64_t kP3 = 0xd6e8feb86659fd93ULL;

inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Folded 64×64→128 multiply: every input bit reaches every output bit.
inline uint64_t Fold(uint64_t a, uint64_t b) {
  unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

}  // namespace

ContentHash ContentHash::Of(std::string_view bytes) {
  const char* p = bytes.data();
  size_t n = bytes.size();
  uint64_t a = kP0 ^ n;
  uint64_t b = kP1 + n;
  while (n >= 16) {
    uint64_t x = Load64(p);
    uint64_t y = Load64(p + 8);
    a = Fold(a ^ x, kP2 ^ y);
    b = Fold(b ^ y, kP3 ^ x);
    p += 16;
    n -= 16;
  }
  char tail[16] = {0};
  std::memcpy(tail, p, n);
  uint64_t x = Load64(tail) ^ n;
  uint64_t y = Load64(tail + 8);
  a = Fold(a ^ x, kP2 ^ y);
  b = Fold(b ^ y, kP3 ^ x);
  ContentHash h;
  h.hi = Fold(a ^ kP1, b ^ kP0);
  h.lo = Fold(b ^ kP3, a ^ kP2);
  return h;
}

std::string ContentHash::Hex() const {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[15 - i] = kDigits[(hi >> (4 * i)) & 15];
    out[31 - i] = kDigits[(lo >> (4 * i)) & 15];
  }
  return out;
}

bool ContentHash::FromHex(std::string_view hex, ContentHash* out) {
  if (hex.size() != 32) return false;
  uint64_t parts[2] = {0, 0};
  for (size_t i = 0; i < 32; ++i) {
    char c = hex[i];
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else {
      return false;
    }
    parts[i / 16] = (parts[i / 16] << 4) | static_cast<uint64_t>(d);
  }
  out->hi = parts[0];
  out->lo = parts[1];
  return true;
}

}  // namespace recipes
