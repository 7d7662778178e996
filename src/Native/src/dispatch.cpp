// Operators by schema name: boxed arguments in, flattened returns out.
#include "internal.h"
#include <ATen/core/dispatch/Dispatcher.h>
#include <cstdlib>

using mlseg::guarded;
using mlseg::unwrap;
using mlseg::wrap;

namespace {

const c10::Type& element_type(const c10::Type& type) {
  if (type.kind() == c10::TypeKind::OptionalType)
    return *type.castRaw<c10::OptionalType>()->getElementType();
  return type;
}

const char* kind_name(int32_t kind) {
  switch (kind) {
    case MLSEG_NONE: return "None";
    case MLSEG_TENSOR: return "a tensor";
    case MLSEG_INT: return "an integer";
    case MLSEG_DOUBLE: return "a float";
    case MLSEG_BOOL: return "a bool";
    case MLSEG_INT_LIST: return "an integer list";
    case MLSEG_DOUBLE_LIST: return "a float list";
    case MLSEG_TENSOR_LIST: return "a tensor list";
    case MLSEG_OPT_TENSOR_LIST: return "an optional-tensor list";
    case MLSEG_STRING: return "a string";
    case MLSEG_DEVICE: return "a device";
    case MLSEG_BOOL_LIST: return "a bool list";
    default: return "an unknown value";
  }
}

// Rejects a value whose kind cannot fill the argument before any kernel unboxes it, so that a
// mismatch is a readable error naming the argument rather than a failure deep in unboxing.
void check_kind(const mlseg_value& v, const c10::Argument& arg, c10::TypeKind kind) {
  bool ok = true;
  switch (v.kind) {
    case MLSEG_NONE:
      ok = arg.type()->kind() == c10::TypeKind::OptionalType || kind == c10::TypeKind::NoneType;
      break;
    case MLSEG_TENSOR:
      ok = kind == c10::TypeKind::TensorType;
      break;
    case MLSEG_INT:
    case MLSEG_DOUBLE:
    case MLSEG_BOOL:
      ok = kind != c10::TypeKind::TensorType && kind != c10::TypeKind::StringType &&
           kind != c10::TypeKind::DeviceObjType &&
           (kind != c10::TypeKind::ListType || v.kind == MLSEG_INT);
      break;
    case MLSEG_INT_LIST:
    case MLSEG_DOUBLE_LIST:
    case MLSEG_BOOL_LIST:
    case MLSEG_TENSOR_LIST:
    case MLSEG_OPT_TENSOR_LIST:
      ok = kind == c10::TypeKind::ListType;
      break;
    case MLSEG_STRING:
      ok = kind == c10::TypeKind::StringType;
      break;
    case MLSEG_DEVICE:
      ok = kind == c10::TypeKind::DeviceObjType;
      break;
    default:
      break;
  }
  TORCH_CHECK(ok, "argument '", arg.name(), "' takes ", arg.type()->repr_str(), ", got ", kind_name(v.kind));
}

c10::IValue to_ivalue(const mlseg_value& v, const c10::Argument& arg) {
  const c10::Type& type = element_type(*arg.type());
  const c10::TypeKind kind = type.kind();
  check_kind(v, arg, kind);
  switch (v.kind) {
    case MLSEG_NONE:
      return c10::IValue();
    case MLSEG_TENSOR:
      TORCH_CHECK(v.p != nullptr, "argument '", arg.name(), "' is a disposed or null tensor");
      return c10::IValue(unwrap(static_cast<mlseg_tensor*>(v.p)));
    case MLSEG_INT:
      if (kind == c10::TypeKind::FloatType) return c10::IValue(static_cast<double>(v.i));
      if (kind == c10::TypeKind::BoolType) return c10::IValue(v.i != 0);
      if (kind == c10::TypeKind::ListType) {
        int64_t count = arg.N().value_or(1);
        return c10::IValue(std::vector<int64_t>(static_cast<size_t>(count), v.i));
      }
      return c10::IValue(v.i);
    case MLSEG_DOUBLE:
      TORCH_CHECK(kind != c10::TypeKind::IntType, "argument '", arg.name(), "' takes an integer, got ", v.d);
      return c10::IValue(v.d);
    case MLSEG_BOOL:
      return c10::IValue(v.i != 0);
    case MLSEG_INT_LIST: {
      const int64_t* p = static_cast<const int64_t*>(v.p);
      return c10::IValue(std::vector<int64_t>(p, p + v.n));
    }
    case MLSEG_DOUBLE_LIST: {
      const double* p = static_cast<const double*>(v.p);
      return c10::IValue(std::vector<double>(p, p + v.n));
    }
    case MLSEG_BOOL_LIST: {
      const uint8_t* p = static_cast<const uint8_t*>(v.p);
      c10::List<bool> list;
      list.reserve(static_cast<size_t>(v.n));
      for (int64_t k = 0; k < v.n; ++k) list.push_back(p[k] != 0);
      return c10::IValue(std::move(list));
    }
    case MLSEG_TENSOR_LIST: {
      auto** p = static_cast<mlseg_tensor**>(v.p);
      c10::List<at::Tensor> list;
      list.reserve(static_cast<size_t>(v.n));
      for (int64_t k = 0; k < v.n; ++k) {
        TORCH_CHECK(p[k] != nullptr, "argument '", arg.name(), "' has a null tensor at position ", k);
        list.push_back(unwrap(p[k]));
      }
      return c10::IValue(std::move(list));
    }
    case MLSEG_OPT_TENSOR_LIST: {
      auto** p = static_cast<mlseg_tensor**>(v.p);
      c10::List<c10::optional<at::Tensor>> list;
      list.reserve(static_cast<size_t>(v.n));
      for (int64_t k = 0; k < v.n; ++k)
        list.push_back(p[k] == nullptr ? c10::optional<at::Tensor>() : c10::optional<at::Tensor>(unwrap(p[k])));
      return c10::IValue(std::move(list));
    }
    case MLSEG_STRING:
      return c10::IValue(std::string(static_cast<const char*>(v.p)));
    case MLSEG_DEVICE:
      return c10::IValue(c10::Device(static_cast<c10::DeviceType>(v.i), static_cast<c10::DeviceIndex>(v.n)));
    default:
      TORCH_CHECK(false, "argument '", arg.name(), "' has unknown value kind ", v.kind);
  }
}

void from_ivalue(const c10::IValue& value, mlseg_value* out, int32_t max_out, int32_t* n_out) {
  if (value.isTuple()) {
    for (const auto& element : value.toTupleRef().elements()) from_ivalue(element, out, max_out, n_out);
    return;
  }
  TORCH_CHECK(*n_out < max_out, "the operator returned more than ", max_out, " values");
  mlseg_value& o = out[(*n_out)++];
  o = mlseg_value{};
  if (value.isTensor()) {
    // An undefined tensor (an absent optional result) is None, never a handle to nothing.
    if (value.toTensor().defined()) {
      o.kind = MLSEG_TENSOR;
      o.p = wrap(value.toTensor());
    } else {
      o.kind = MLSEG_NONE;
    }
  } else if (value.isTensorList()) {
    auto list = value.toTensorList();
    auto** array = static_cast<mlseg_tensor**>(std::malloc(sizeof(mlseg_tensor*) * std::max<size_t>(1, list.size())));
    for (size_t k = 0; k < list.size(); ++k) array[k] = wrap(list.get(k));
    o.kind = MLSEG_TENSOR_LIST;
    o.p = array;
    o.n = static_cast<int64_t>(list.size());
  } else if (value.isBool()) {
    o.kind = MLSEG_BOOL;
    o.i = value.toBool() ? 1 : 0;
  } else if (value.isInt()) {
    o.kind = MLSEG_INT;
    o.i = value.toInt();
  } else if (value.isDouble()) {
    o.kind = MLSEG_DOUBLE;
    o.d = value.toDouble();
  } else if (value.isNone()) {
    o.kind = MLSEG_NONE;
  } else {
    TORCH_CHECK(false, "unsupported return type ", value.tagKind());
  }
}

}  // namespace

extern "C" {

void* mlseg_op_find(const char* name, const char* overload) {
  auto handle = c10::Dispatcher::singleton().findSchema({name, overload == nullptr ? "" : overload});
  if (!handle.has_value()) {
    mlseg::set_error("", (std::string("no operator ") + name + (overload && *overload ? std::string(".") + overload : "")).c_str());
    return nullptr;
  }
  return new c10::OperatorHandle(*handle);
}

int mlseg_op_schema(void* op, char* buf, int32_t buflen) {
  return guarded("op_schema", [&] {
    std::ostringstream s;
    s << static_cast<c10::OperatorHandle*>(op)->schema();
    mlseg::copy_string(s.str(), buf, buflen);
  });
}

int mlseg_op_call(void* op, const mlseg_value* in, int32_t n_in, mlseg_value* out, int32_t max_out, int32_t* n_out) {
  auto& handle = *static_cast<c10::OperatorHandle*>(op);
  *n_out = 0;
  return guarded(handle.schema().name().c_str(), [&] {
    const auto& arguments = handle.schema().arguments();
    TORCH_CHECK(static_cast<size_t>(n_in) <= arguments.size(), "got ", n_in, " arguments, the schema takes ",
                arguments.size());
    torch::jit::Stack stack;
    stack.reserve(arguments.size());
    for (size_t k = 0; k < arguments.size(); ++k) {
      const auto& arg = arguments[k];
      if (k < static_cast<size_t>(n_in) && in[k].kind != MLSEG_DEFAULT) {
        stack.push_back(to_ivalue(in[k], arg));
      } else {
        TORCH_CHECK(arg.default_value().has_value(), "argument '", arg.name(), "' has no default and was not given");
        stack.push_back(*arg.default_value());
      }
    }
    handle.callBoxed(&stack);
    try {
      for (const auto& value : stack) from_ivalue(value, out, max_out, n_out);
    } catch (...) {
      for (int32_t k = 0; k < *n_out; ++k) {
        if (out[k].kind == MLSEG_TENSOR) mlseg_tensor_free(static_cast<mlseg_tensor*>(out[k].p));
        if (out[k].kind == MLSEG_TENSOR_LIST) {
          auto** array = static_cast<mlseg_tensor**>(out[k].p);
          for (int64_t j = 0; j < out[k].n; ++j) mlseg_tensor_free(array[j]);
          std::free(array);
        }
      }
      *n_out = 0;
      throw;
    }
  });
}

}
