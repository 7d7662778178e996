#include "internal.h"

using mlseg::guarded;
using mlseg::unwrap;
using mlseg::wrap;

namespace {
std::vector<at::Tensor> gather(mlseg_tensor** handles, int32_t n, bool allow_null) {
  std::vector<at::Tensor> v;
  v.reserve(static_cast<size_t>(n));
  for (int32_t k = 0; k < n; ++k) {
    if (handles == nullptr || handles[k] == nullptr) {
      TORCH_CHECK(allow_null, "tensor ", k, " is null");
      v.emplace_back();
    } else {
      v.push_back(unwrap(handles[k]));
    }
  }
  return v;
}
}  // namespace

extern "C" {

int mlseg_tensor_requires_grad(mlseg_tensor* t) { return unwrap(t).requires_grad() ? 1 : 0; }

int mlseg_tensor_set_requires_grad(mlseg_tensor* t, int32_t value) {
  return guarded("requires_grad_", [&] { unwrap(t).set_requires_grad(value != 0); });
}

int mlseg_tensor_is_leaf(mlseg_tensor* t) { return unwrap(t).is_leaf() ? 1 : 0; }

mlseg_tensor* mlseg_tensor_grad(mlseg_tensor* t) {
  const at::Tensor& g = unwrap(t).grad();
  return g.defined() ? wrap(g) : nullptr;
}

int mlseg_tensor_set_grad(mlseg_tensor* t, mlseg_tensor* g) {
  return guarded("set_grad", [&] { unwrap(t).mutable_grad() = g == nullptr ? at::Tensor() : unwrap(g); });
}

int mlseg_tensor_grad_fn_name(mlseg_tensor* t, char* buf, int32_t buflen) {
  return guarded("grad_fn", [&] {
    const auto& fn = unwrap(t).grad_fn();
    mlseg::copy_string(fn ? fn->name() : std::string(), buf, buflen);
  });
}

int mlseg_backward(mlseg_tensor** outputs, mlseg_tensor** grads, int32_t n, int32_t retain_graph,
                   int32_t create_graph) {
  return guarded("backward", [&] {
    auto outs = gather(outputs, n, false);
    auto gs = gather(grads, n, true);
    torch::autograd::backward(outs, gs, c10::optional<bool>(retain_graph != 0), create_graph != 0);
  });
}

int mlseg_grad(mlseg_tensor** outputs, mlseg_tensor** grads, int32_t n, mlseg_tensor** inputs, int32_t m,
               int32_t retain_graph, int32_t create_graph, int32_t allow_unused, mlseg_tensor** results) {
  return guarded("grad", [&] {
    auto outs = gather(outputs, n, false);
    auto gs = gather(grads, n, true);
    auto ins = gather(inputs, m, false);
    auto r = torch::autograd::grad(outs, ins, gs, c10::optional<bool>(retain_graph != 0), create_graph != 0,
                                   allow_unused != 0);
    for (int32_t k = 0; k < m; ++k) results[k] = r[k].defined() ? wrap(r[k]) : nullptr;
  });
}

int32_t mlseg_grad_enabled(void) { return c10::GradMode::is_enabled() ? 1 : 0; }

void mlseg_set_grad_enabled(int32_t enabled) { c10::GradMode::set_enabled(enabled != 0); }

}
