// libFuzzer entry (compiled by clang with -fsanitize=fuzzer). The project's
// C++ is built by GCC, so its code carries no coverage instrumentation; this
// shim gives libFuzzer a coarse signal instead: one branch per response
// status and per power-of-two body size.
#include <stddef.h>
#include <stdint.h>

int RecipesFuzzRequest(const uint8_t* data, size_t size, int* status, size_t* body_size);

static volatile int sink;

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int status = 0;
  size_t body = 0;
  RecipesFuzzRequest(data, size, &status, &body);
  switch (status) {
    case 200: sink = 1; break;
    case 302: sink = 2; break;
    case 304: sink = 3; break;
    case 400: sink = 4; break;
    case 404: sink = 5; break;
    default: sink = 6; break;
  }
  int bucket = 0;
  while (body > 1 && bucket < 24) { body >>= 1; ++bucket; }
  switch (bucket) {
    case 0: sink = 10; break;  case 1: sink = 11; break;  case 2: sink = 12; break;
    case 3: sink = 13; break;  case 4: sink = 14; break;  case 5: sink = 15; break;
    case 6: sink = 16; break;  case 7: sink = 17; break;  case 8: sink = 18; break;
    case 9: sink = 19; break;  case 10: sink = 20; break; case 11: sink = 21; break;
    case 12: sink = 22; break; case 13: sink = 23; break; case 14: sink = 24; break;
    case 15: sink = 25; break; case 16: sink = 26; break; case 17: sink = 27; break;
    default: sink = 28; break;
  }
  return 0;
}
