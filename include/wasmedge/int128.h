/* PureEdge: WasmEdge-compatible C API, 128-bit integers.
 *
 * Our own text. On LP64 targets with a native 128-bit integer (x86_64,
 * aarch64, riscv64, s390x) the value of a WasmEdge_Value is an
 * unsigned __int128, as in WasmEdge 0.14.1; elsewhere it is a struct of two
 * 64-bit halves. */
#ifndef WASMEDGE_C_API_INT128_H
#define WASMEDGE_C_API_INT128_H

#include <stdint.h>

#if defined(__x86_64__) || defined(__aarch64__) ||                             \
    (defined(__riscv) && __riscv_xlen == 64) || defined(__s390x__)
__extension__ typedef unsigned __int128 uint128_t;
__extension__ typedef __int128 int128_t;
#else
typedef struct uint128_t {
  uint64_t Low;
  uint64_t High;
} uint128_t;
typedef struct int128_t {
  uint64_t Low;
  int64_t High;
} int128_t;
#endif

#endif /* WASMEDGE_C_API_INT128_H */
