// Shared by the native sources: handle conversion and the exception boundary.
#pragma once
#include <torch/torch.h>
#include <string>
#include "mlseg_native.h"

namespace mlseg {

inline at::Tensor& unwrap(mlseg_tensor* t) { return *reinterpret_cast<at::Tensor*>(t); }
inline mlseg_tensor* wrap(at::Tensor t) { return reinterpret_cast<mlseg_tensor*>(new at::Tensor(std::move(t))); }

void set_error(const std::string& where, const char* what);
void copy_string(const std::string& s, char* buf, int32_t buflen);

// Runs body; any exception becomes the thread's last error (prefixed by `where`) and -1.
template <typename F>
int guarded(const char* where, F&& body) {
  try {
    body();
    return 0;
  } catch (const c10::Error& e) {
    set_error(where, e.what_without_backtrace());
  } catch (const std::exception& e) {
    set_error(where, e.what());
  } catch (...) {
    set_error(where, "unknown native error");
  }
  return -1;
}

}  // namespace mlseg
