#include "internal.h"
#include <cstdlib>
#include <cstring>

namespace mlseg {

namespace {
thread_local std::string last_error;
}

void set_error(const std::string& where, const char* what) {
  last_error = where.empty() ? std::string(what) : where + ": " + what;
}

void copy_string(const std::string& s, char* buf, int32_t buflen) {
  if (buf == nullptr || buflen <= 0) return;
  size_t n = std::min(s.size(), static_cast<size_t>(buflen - 1));
  std::memcpy(buf, s.data(), n);
  buf[n] = '\0';
}

}  // namespace mlseg

extern "C" {

const char* mlseg_last_error(void) { return mlseg::last_error.c_str(); }

void mlseg_free(void* p) { std::free(p); }

}
