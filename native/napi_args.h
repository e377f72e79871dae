// The N-API argument checks the addons in native/ share: typed arrays of an expected kind, and the TypeError
// thrown on a bad call (the JS wrappers in compute/native/ pass well-formed arguments; these catch misuse).
#pragma once
#include <node_api.h>
#include <cstddef>

namespace napi_args {

// v is a typed array of kind `want`: the address of its first element and its length in elements.
inline bool typed(napi_env env, napi_value v, napi_typedarray_type want, void** data, size_t* len) {
  napi_typedarray_type t;
  napi_value ab;
  size_t off;
  return napi_get_typedarray_info(env, v, &t, len, data, &ab, &off) == napi_ok && t == want;
}

inline bool f32(napi_env env, napi_value v, float** out, size_t* len) {
  void* data;
  if (!typed(env, v, napi_float32_array, &data, len)) return false;
  *out = static_cast<float*>(data);
  return true;
}

// A Float64Array of at least `need` elements.
inline bool f64(napi_env env, napi_value v, double** out, size_t need) {
  void* data;
  size_t len;
  if (!typed(env, v, napi_float64_array, &data, &len) || len < need) return false;
  *out = static_cast<double*>(data);
  return true;
}

// Throws a TypeError; returns nullptr so that a callback can `return Fail(env, "...")`.
inline napi_value Fail(napi_env env, const char* msg) {
  napi_throw_type_error(env, nullptr, msg);
  return nullptr;
}

}  // namespace napi_args
