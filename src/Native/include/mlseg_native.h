/* MLSegmentation native layer: a thin C ABI over libtorch.
 *
 * Conventions
 * - A tensor handle is an owned `at::Tensor*`; release it with mlseg_tensor_free.
 * - Functions returning int return 0 on success and -1 on failure; the failure's
 *   text is then in mlseg_last_error() (thread-local, valid until the next call on
 *   the same thread). No C++ exception crosses this boundary.
 * - No model, method or data logic lives here: operators are reached by ATen
 *   schema name through the dispatcher (mlseg_op_find / mlseg_op_call). */
#ifndef MLSEG_NATIVE_H
#define MLSEG_NATIVE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLSEG_API __attribute__((visibility("default")))

typedef struct mlseg_tensor mlseg_tensor;

/* Kinds of boxed values exchanged with mlseg_op_call. */
enum mlseg_kind {
  MLSEG_DEFAULT = -1,        /* input only: use the schema's default for this argument */
  MLSEG_NONE = 0,
  MLSEG_TENSOR = 1,          /* p = mlseg_tensor* (borrowed on input, owned on output) */
  MLSEG_INT = 2,             /* i */
  MLSEG_DOUBLE = 3,          /* d */
  MLSEG_BOOL = 4,            /* i != 0 */
  MLSEG_INT_LIST = 5,        /* p = int64_t*, n = count */
  MLSEG_DOUBLE_LIST = 6,     /* p = double*, n = count */
  MLSEG_TENSOR_LIST = 7,     /* p = mlseg_tensor** (input: borrowed; output: array owned by caller, free with mlseg_free), n = count */
  MLSEG_OPT_TENSOR_LIST = 8, /* input only: like TENSOR_LIST, null entries are None */
  MLSEG_STRING = 9,          /* p = UTF-8, NUL-terminated */
  MLSEG_DEVICE = 10,         /* i = device type (0 CPU, 1 CUDA), n = index (-1: current) */
  MLSEG_BOOL_LIST = 11       /* p = uint8_t*, n = count */
};

typedef struct mlseg_value {
  int32_t kind;
  int32_t reserved;
  int64_t i;
  double d;
  void* p;
  int64_t n;
} mlseg_value;

MLSEG_API const char* mlseg_last_error(void);
MLSEG_API void mlseg_free(void* p);

/* ---- tensors ---- */
typedef void (*mlseg_deleter)(void* context);
/* A CPU tensor over `data`. With deleter == NULL the bytes are copied; otherwise the
 * tensor borrows `data` and calls deleter(context) when its storage is released. */
MLSEG_API int mlseg_tensor_from_blob(void* data, const int64_t* sizes, int32_t ndim, int32_t dtype,
                                     mlseg_deleter deleter, void* context, mlseg_tensor** out);
/* Copies the tensor's elements (moved to CPU, made contiguous) into dst; nbytes must match. */
MLSEG_API int mlseg_tensor_copy_to(mlseg_tensor* t, void* dst, int64_t nbytes);
MLSEG_API void mlseg_tensor_free(mlseg_tensor* t);
MLSEG_API int32_t mlseg_tensor_dim(mlseg_tensor* t);
MLSEG_API void mlseg_tensor_sizes(mlseg_tensor* t, int64_t* out);
MLSEG_API void mlseg_tensor_strides(mlseg_tensor* t, int64_t* out);
MLSEG_API int32_t mlseg_tensor_dtype(mlseg_tensor* t);
MLSEG_API void mlseg_tensor_device(mlseg_tensor* t, int32_t* type, int32_t* index);
MLSEG_API int64_t mlseg_tensor_numel(mlseg_tensor* t);
MLSEG_API int32_t mlseg_tensor_defined(mlseg_tensor* t);
/* Pointer to the first element of a contiguous CPU tensor, else NULL. */
MLSEG_API void* mlseg_tensor_data_ptr(mlseg_tensor* t);
/* A new handle to the same tensor (shares storage and autograd identity). */
MLSEG_API mlseg_tensor* mlseg_tensor_alias(mlseg_tensor* t);
/* True when both handles refer to the same TensorImpl. */
MLSEG_API int32_t mlseg_tensor_same(mlseg_tensor* a, mlseg_tensor* b);

/* ---- operators through the dispatcher ---- */
/* Returns an operator handle for "aten::name" and overload ("" for the default), or NULL. */
MLSEG_API void* mlseg_op_find(const char* name, const char* overload);
/* Number of arguments and returns in the schema; the schema as text into buf. */
MLSEG_API int mlseg_op_schema(void* op, char* buf, int32_t buflen);
/* Calls the operator with n_in boxed arguments (missing trailing ones take schema defaults).
 * Returns are flattened (tuples expanded) into out[0..*n_out). */
MLSEG_API int mlseg_op_call(void* op, const mlseg_value* in, int32_t n_in, mlseg_value* out, int32_t max_out,
                            int32_t* n_out);

/* ---- autograd ---- */
MLSEG_API int mlseg_tensor_requires_grad(mlseg_tensor* t);
MLSEG_API int mlseg_tensor_set_requires_grad(mlseg_tensor* t, int32_t value);
MLSEG_API int mlseg_tensor_is_leaf(mlseg_tensor* t);
/* The accumulated gradient or NULL when there is none (new handle). */
MLSEG_API mlseg_tensor* mlseg_tensor_grad(mlseg_tensor* t);
/* Replaces the gradient; g == NULL clears it. */
MLSEG_API int mlseg_tensor_set_grad(mlseg_tensor* t, mlseg_tensor* g);
/* Name of the node that produced the tensor ("" for leaves) into buf. */
MLSEG_API int mlseg_tensor_grad_fn_name(mlseg_tensor* t, char* buf, int32_t buflen);
/* torch::autograd::backward; grads[i] may be NULL (implicit ones for scalars). */
MLSEG_API int mlseg_backward(mlseg_tensor** outputs, mlseg_tensor** grads, int32_t n, int32_t retain_graph,
                             int32_t create_graph);
/* torch::autograd::grad; results[j] is NULL where an input is unused (allow_unused). */
MLSEG_API int mlseg_grad(mlseg_tensor** outputs, mlseg_tensor** grads, int32_t n, mlseg_tensor** inputs, int32_t m,
                         int32_t retain_graph, int32_t create_graph, int32_t allow_unused, mlseg_tensor** results);
MLSEG_API int32_t mlseg_grad_enabled(void);
MLSEG_API void mlseg_set_grad_enabled(int32_t enabled);

/* ---- autocast (device type 0 CPU, 1 CUDA) ---- */
MLSEG_API int32_t mlseg_autocast_enabled(int32_t device_type);
MLSEG_API int32_t mlseg_autocast_dtype(int32_t device_type);
MLSEG_API int mlseg_autocast_set(int32_t device_type, int32_t enabled, int32_t dtype);
/* Enter/leave an autocast region; leaving the outermost one clears the cast cache. */
MLSEG_API void mlseg_autocast_enter(void);
MLSEG_API void mlseg_autocast_exit(void);

/* ---- runtime: RNG, devices, threads ---- */
MLSEG_API int mlseg_manual_seed(uint64_t seed);
MLSEG_API int mlseg_rng_state_get(mlseg_tensor** out);
MLSEG_API int mlseg_rng_state_set(mlseg_tensor* state);
MLSEG_API int32_t mlseg_cuda_is_available(void);
MLSEG_API int32_t mlseg_cuda_device_count(void);
MLSEG_API int32_t mlseg_get_num_threads(void);
MLSEG_API void mlseg_set_num_threads(int32_t n);
MLSEG_API int mlseg_version(char* buf, int32_t buflen);

#ifdef __cplusplus
}
#endif
#endif
