// Read-only file mapping for mteb-ts (compute/native/map-file.ts): mapFile(path) -> ArrayBuffer over a private
// mapping of the whole file (PROT_READ | PROT_WRITE, MAP_PRIVATE: the pages are the page cache's until written,
// and a write never reaches the file). Unmapped when the ArrayBuffer is collected. The static word-vector cache
// (models/static/packed.ts) uses it so a reload maps its rows instead of copying them into fresh memory.
#include <node_api.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <string>

namespace {
void Unmap(napi_env, void* data, void* hint) { munmap(data, (size_t)(uintptr_t)hint); }

napi_value MapFile(napi_env env, napi_callback_info info) {
  size_t argc = 1; napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  char path[4096]; size_t len = 0;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len) != napi_ok || len >= sizeof path - 1) {
    napi_throw_type_error(env, nullptr, "mapFile: a path string expected");
    return nullptr;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) { napi_throw_error(env, nullptr, (std::string("mapFile: open: ") + strerror(errno)).c_str()); return nullptr; }
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size <= 0) { close(fd); napi_throw_error(env, nullptr, "mapFile: empty or unreadable file"); return nullptr; }
  size_t size = (size_t)st.st_size;
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  int err = errno;
  close(fd);
  if (p == MAP_FAILED) { napi_throw_error(env, nullptr, (std::string("mapFile: mmap: ") + strerror(err)).c_str()); return nullptr; }
  // Sequential read-ahead is wrong for row lookups scattered over the file.
  madvise(p, size, MADV_RANDOM);
  napi_value ab;
  if (napi_create_external_arraybuffer(env, p, size, Unmap, (void*)(uintptr_t)size, &ab) != napi_ok) {
    munmap(p, size);
    napi_throw_error(env, nullptr, "mapFile: external ArrayBuffers are not supported by this runtime");
    return nullptr;
  }
  return ab;
}
}  // namespace

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "mapFile", NAPI_AUTO_LENGTH, MapFile, nullptr, &fn);
  napi_set_named_property(env, exports, "mapFile", fn);
  return exports;
}
