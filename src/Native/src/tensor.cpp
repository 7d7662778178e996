#include "internal.h"
#include <cstring>

using mlseg::guarded;
using mlseg::unwrap;
using mlseg::wrap;

extern "C" {

int mlseg_tensor_from_blob(void* data, const int64_t* sizes, int32_t ndim, int32_t dtype, mlseg_deleter deleter,
                           void* context, mlseg_tensor** out) {
  return guarded("tensor_from_blob", [&] {
    TORCH_CHECK(ndim >= 0, "negative rank ", ndim);
    for (int32_t k = 0; k < ndim; ++k) TORCH_CHECK(sizes[k] >= 0, "negative size ", sizes[k], " at dimension ", k);
    auto options = at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)).device(at::kCPU);
    at::IntArrayRef shape(sizes, static_cast<size_t>(ndim));
    at::Tensor t;
    if (deleter == nullptr) {
      t = at::empty(shape, options);
      if (t.numel() > 0) std::memcpy(t.data_ptr(), data, t.numel() * t.element_size());
    } else {
      t = torch::from_blob(data, shape, [deleter, context](void*) { deleter(context); }, options);
    }
    *out = wrap(std::move(t));
  });
}

int mlseg_tensor_copy_to(mlseg_tensor* t, void* dst, int64_t nbytes) {
  return guarded("tensor_copy_to", [&] {
    at::Tensor src = unwrap(t).detach().to(at::kCPU).contiguous();
    int64_t have = src.numel() * static_cast<int64_t>(src.element_size());
    TORCH_CHECK(have == nbytes, "the tensor holds ", have, " bytes but the destination has ", nbytes);
    if (have > 0) std::memcpy(dst, src.data_ptr(), have);
  });
}

void mlseg_tensor_free(mlseg_tensor* t) { delete reinterpret_cast<at::Tensor*>(t); }

int32_t mlseg_tensor_dim(mlseg_tensor* t) { return static_cast<int32_t>(unwrap(t).dim()); }

void mlseg_tensor_sizes(mlseg_tensor* t, int64_t* out) {
  auto s = unwrap(t).sizes();
  std::copy(s.begin(), s.end(), out);
}

void mlseg_tensor_strides(mlseg_tensor* t, int64_t* out) {
  auto s = unwrap(t).strides();
  std::copy(s.begin(), s.end(), out);
}

int32_t mlseg_tensor_dtype(mlseg_tensor* t) { return static_cast<int32_t>(unwrap(t).scalar_type()); }

void mlseg_tensor_device(mlseg_tensor* t, int32_t* type, int32_t* index) {
  auto d = unwrap(t).device();
  *type = static_cast<int32_t>(d.type());
  *index = d.index();
}

int64_t mlseg_tensor_numel(mlseg_tensor* t) { return unwrap(t).numel(); }

int32_t mlseg_tensor_defined(mlseg_tensor* t) { return unwrap(t).defined() ? 1 : 0; }

void* mlseg_tensor_data_ptr(mlseg_tensor* t) {
  auto& x = unwrap(t);
  if (!x.defined() || !x.device().is_cpu() || !x.is_contiguous()) return nullptr;
  return x.data_ptr();
}

mlseg_tensor* mlseg_tensor_alias(mlseg_tensor* t) { return wrap(unwrap(t)); }

int32_t mlseg_tensor_same(mlseg_tensor* a, mlseg_tensor* b) {
  return unwrap(a).unsafeGetTensorImpl() == unwrap(b).unsafeGetTensorImpl() ? 1 : 0;
}

}
