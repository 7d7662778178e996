#include "internal.h"
#include <ATen/autocast_mode.h>
#include <ATen/Parallel.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/cuda.h>
#include <mutex>

using mlseg::guarded;
using mlseg::unwrap;
using mlseg::wrap;

extern "C" {

int32_t mlseg_autocast_enabled(int32_t device_type) {
  return (device_type == 1 ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled()) ? 1 : 0;
}

int32_t mlseg_autocast_dtype(int32_t device_type) {
  return static_cast<int32_t>(device_type == 1 ? at::autocast::get_autocast_gpu_dtype()
                                               : at::autocast::get_autocast_cpu_dtype());
}

int mlseg_autocast_set(int32_t device_type, int32_t enabled, int32_t dtype) {
  return guarded("autocast", [&] {
    auto type = static_cast<at::ScalarType>(dtype);
    if (device_type == 1) {
      TORCH_CHECK(type == at::kHalf || type == at::kBFloat16, "CUDA autocast takes float16 or bfloat16, not ", type);
      at::autocast::set_autocast_gpu_dtype(type);
      at::autocast::set_enabled(enabled != 0);
    } else {
      TORCH_CHECK(device_type == 0, "autocast is for CPU (0) or CUDA (1), not device type ", device_type);
      TORCH_CHECK(type == at::kBFloat16, "CPU autocast takes bfloat16, not ", type);
      at::autocast::set_autocast_cpu_dtype(type);
      at::autocast::set_cpu_enabled(enabled != 0);
    }
  });
}

void mlseg_autocast_enter(void) { at::autocast::increment_nesting(); }

void mlseg_autocast_exit(void) {
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
}

int mlseg_manual_seed(uint64_t seed) {
  return guarded("manual_seed", [&] { torch::manual_seed(seed); });
}

int mlseg_rng_state_get(mlseg_tensor** out) {
  return guarded("get_rng_state", [&] {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    *out = wrap(gen.get_state());
  });
}

int mlseg_rng_state_set(mlseg_tensor* state) {
  return guarded("set_rng_state", [&] {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(unwrap(state));
  });
}

int32_t mlseg_cuda_is_available(void) { return torch::cuda::is_available() ? 1 : 0; }

int32_t mlseg_cuda_device_count(void) { return static_cast<int32_t>(torch::cuda::device_count()); }

int32_t mlseg_get_num_threads(void) { return at::get_num_threads(); }

void mlseg_set_num_threads(int32_t n) { at::set_num_threads(n); }

int mlseg_version(char* buf, int32_t buflen) {
  return guarded("version", [&] { mlseg::copy_string(TORCH_VERSION, buf, buflen); });
}

}
