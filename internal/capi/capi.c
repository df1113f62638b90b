//go:build cgo && linux && (amd64 || arm64 || riscv64 || s390x)

/* The part of the WasmEdge C API that needs no Go state, implemented in C,
 * and the trampoline that runs a plug-in's host function.
 *
 * The WasmEdge_* functions are declared WASMEDGE_CAPI_EXPORT (default
 * visibility) by <wasmedge/wasmedge.h>; the executable is linked with
 * -rdynamic (see capi.go), so they are in its dynamic symbol table and
 * plug-ins loaded with dlopen bind to them. Everything else here is hidden.
 *
 * Contexts handed to plug-ins are the structs of capi.h; each starts with a
 * magic number that the API functions check, so that a NULL or foreign
 * pointer gives a NULL or error result rather than a misread. */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "capi.h"

/* Implemented in Go (export.go). Declared by hand: _cgo_export.h drops the
 * const qualifiers and would conflict with the API header. */
extern uintptr_t pureedgeCapiModuleNew(pe_module *m);
extern void pureedgeCapiModuleAddFunction(uintptr_t h, char *name, uint32_t n,
                                          pe_function *f);
extern void pureedgeCapiModuleDelete(uintptr_t h);
extern pe_function *pureedgeCapiModuleFindFunction(uintptr_t h, char *name, uint32_t n);
extern uint32_t pureedgeCapiModuleListFunctions(uintptr_t h, WasmEdge_String *names,
                                                uint32_t n);
extern uint32_t pureedgeCapiMemoryGrow(uintptr_t call, pe_memory *m, uint32_t pages);
extern int pureedgeCapiCallerMemory(uintptr_t call, char *name, uint32_t n);
extern pe_function *pureedgeCapiCallerFunction(uintptr_t call, pe_frame *fr, char *name,
                                               uint32_t n);
extern uint32_t pureedgeCapiInvokeGuest(uintptr_t call, pe_memory *m, char *name,
                                        uint32_t n, uint64_t *stack, uint32_t nstack);
extern char *pureedgeCapiResultMessage(uint32_t code);
extern void pureedgeCapiLogLevel(int level);

#pragma GCC visibility push(hidden)

/* The layouts of WasmEdge 0.14.1 (LP64), checked at compile time. */
#define PE_ASSERT(c) _Static_assert(c, #c)
PE_ASSERT(sizeof(WasmEdge_String) == 16 && offsetof(WasmEdge_String, Buf) == 8);
PE_ASSERT(sizeof(WasmEdge_Bytes) == 16 && sizeof(WasmEdge_Result) == 4);
PE_ASSERT(sizeof(WasmEdge_ValType) == 8 && _Alignof(WasmEdge_ValType) == 1);
PE_ASSERT(sizeof(WasmEdge_Value) == 32 && _Alignof(WasmEdge_Value) == 16);
PE_ASSERT(offsetof(WasmEdge_Value, Type) == 16);
PE_ASSERT(sizeof(WasmEdge_Limit) == 12 && offsetof(WasmEdge_Limit, Shared) == 1 &&
          offsetof(WasmEdge_Limit, Min) == 4 && offsetof(WasmEdge_Limit, Max) == 8);
PE_ASSERT(sizeof(WasmEdge_ProgramOptionType) == 4);
PE_ASSERT(sizeof(WasmEdge_ProgramOption) == 40 && offsetof(WasmEdge_ProgramOption, Type) == 16 &&
          offsetof(WasmEdge_ProgramOption, Storage) == 24 &&
          offsetof(WasmEdge_ProgramOption, DefaultValue) == 32);
PE_ASSERT(sizeof(WasmEdge_ModuleDescriptor) == 24 &&
          offsetof(WasmEdge_ModuleDescriptor, Create) == 16);
PE_ASSERT(sizeof(WasmEdge_PluginVersionData) == 16 && _Alignof(WasmEdge_PluginVersionData) == 4);
PE_ASSERT(sizeof(WasmEdge_PluginDescriptor) == 64 &&
          offsetof(WasmEdge_PluginDescriptor, APIVersion) == 16 &&
          offsetof(WasmEdge_PluginDescriptor, Version) == 20 &&
          offsetof(WasmEdge_PluginDescriptor, ModuleCount) == 36 &&
          offsetof(WasmEdge_PluginDescriptor, ProgramOptionCount) == 40 &&
          offsetof(WasmEdge_PluginDescriptor, ModuleDescriptions) == 48 &&
          offsetof(WasmEdge_PluginDescriptor, ProgramOptions) == 56);

#define PE_CODE_OK 0x00u
#define PE_CODE_WRONG_WORKFLOW 0x04u
#define PE_CODE_FUNC_NOT_FOUND 0x05u
#define PE_CODE_FUNC_SIG_MISMATCH 0x403u
#define PE_CODE_MEMORY_OOB 0x408u
#define PE_CODE_HOST_FUNC_ERROR 0x40Eu

static inline WasmEdge_Result pe_result(uint32_t code) {
  WasmEdge_Result r;
  r.Code = code;
  return r;
}

/* ---- Context checks --------------------------------------------------- */

static inline const pe_functype *as_functype(const void *p) {
  const pe_functype *t = (const pe_functype *)p;
  return t && t->magic == PE_MAGIC_FUNCTYPE ? t : NULL;
}
static inline pe_function *as_function(const void *p) {
  pe_function *f = (pe_function *)p;
  return f && f->magic == PE_MAGIC_FUNCTION ? f : NULL;
}
static inline pe_module *as_module(const void *p) {
  pe_module *m = (pe_module *)p;
  return m && m->magic == PE_MAGIC_MODULE ? m : NULL;
}
static inline pe_memory *as_memory(const void *p) {
  pe_memory *m = (pe_memory *)p;
  return m && m->magic == PE_MAGIC_MEMORY ? m : NULL;
}
static inline pe_frame *as_frame(const void *p) {
  pe_frame *f = (pe_frame *)p;
  return f && f->magic == PE_MAGIC_FRAME ? f : NULL;
}
static inline pe_executor *as_executor(const void *p) {
  pe_executor *e = (pe_executor *)p;
  return e && e->magic == PE_MAGIC_EXECUTOR ? e : NULL;
}

/* ---- Versions and logging --------------------------------------------- */

const char *WasmEdge_VersionGet(void) { return WASMEDGE_VERSION; }
uint32_t WasmEdge_VersionGetMajor(void) { return WASMEDGE_VERSION_MAJOR; }
uint32_t WasmEdge_VersionGetMinor(void) { return WASMEDGE_VERSION_MINOR; }
uint32_t WasmEdge_VersionGetPatch(void) { return WASMEDGE_VERSION_PATCH; }

/* Levels as in capi.LogLevel. */
void WasmEdge_LogSetDebugLevel(void) { pureedgeCapiLogLevel(0); }
void WasmEdge_LogSetErrorLevel(void) { pureedgeCapiLogLevel(2); }
void WasmEdge_LogOff(void) { pureedgeCapiLogLevel(3); }

/* ---- Value types ------------------------------------------------------ */

static inline WasmEdge_ValType pe_valtype(uint8_t code, uint8_t heap) {
  WasmEdge_ValType t;
  memset(&t, 0, sizeof t);
  t.Data[2] = code;
  t.Data[3] = heap;
  return t;
}

WasmEdge_ValType WasmEdge_ValTypeGenI32(void) { return pe_valtype(0x7F, 0x40); }
WasmEdge_ValType WasmEdge_ValTypeGenI64(void) { return pe_valtype(0x7E, 0x40); }
WasmEdge_ValType WasmEdge_ValTypeGenF32(void) { return pe_valtype(0x7D, 0x40); }
WasmEdge_ValType WasmEdge_ValTypeGenF64(void) { return pe_valtype(0x7C, 0x40); }
WasmEdge_ValType WasmEdge_ValTypeGenV128(void) { return pe_valtype(0x7B, 0x40); }
WasmEdge_ValType WasmEdge_ValTypeGenFuncRef(void) { return pe_valtype(0x63, 0x70); }
WasmEdge_ValType WasmEdge_ValTypeGenExternRef(void) { return pe_valtype(0x63, 0x6F); }

bool WasmEdge_ValTypeIsEqual(const WasmEdge_ValType ValType1, const WasmEdge_ValType ValType2) {
  return memcmp(ValType1.Data, ValType2.Data, sizeof ValType1.Data) == 0;
}
static inline bool pe_is_ref(const WasmEdge_ValType t) {
  return t.Data[2] == 0x63 || t.Data[2] == 0x64;
}
bool WasmEdge_ValTypeIsI32(const WasmEdge_ValType T) { return T.Data[2] == 0x7F; }
bool WasmEdge_ValTypeIsI64(const WasmEdge_ValType T) { return T.Data[2] == 0x7E; }
bool WasmEdge_ValTypeIsF32(const WasmEdge_ValType T) { return T.Data[2] == 0x7D; }
bool WasmEdge_ValTypeIsF64(const WasmEdge_ValType T) { return T.Data[2] == 0x7C; }
bool WasmEdge_ValTypeIsV128(const WasmEdge_ValType T) { return T.Data[2] == 0x7B; }
bool WasmEdge_ValTypeIsFuncRef(const WasmEdge_ValType T) {
  return pe_is_ref(T) && T.Data[3] == 0x70;
}
bool WasmEdge_ValTypeIsExternRef(const WasmEdge_ValType T) {
  return pe_is_ref(T) && T.Data[3] == 0x6F;
}
bool WasmEdge_ValTypeIsRef(const WasmEdge_ValType T) { return pe_is_ref(T); }
bool WasmEdge_ValTypeIsRefNull(const WasmEdge_ValType T) { return T.Data[2] == 0x63; }

/* The wazero type of a WasmEdge value type, 0 if wazero has none. */
static uint8_t pe_code(const WasmEdge_ValType t) {
  switch (t.Data[2]) {
  case 0x7F:
  case 0x7E:
  case 0x7D:
  case 0x7C:
  case 0x7B:
    return t.Data[2];
  case 0x63:
  case 0x64:
    if (t.Data[3] == 0x70) return PE_FUNCREF;
    if (t.Data[3] == 0x6F) return PE_EXTERNREF;
    return 0;
  default:
    return 0;
  }
}
static WasmEdge_ValType pe_type_of_code(uint8_t c) {
  switch (c) {
  case PE_FUNCREF: return pe_valtype(0x63, 0x70);
  case PE_EXTERNREF: return pe_valtype(0x63, 0x6F);
  default: return pe_valtype(c, 0x40);
  }
}
static inline uint32_t pe_slots(uint8_t c) { return c == PE_V128 ? 2 : 1; }

/* ---- Values ----------------------------------------------------------- */

static inline WasmEdge_Value pe_value(uint128_t v, WasmEdge_ValType t) {
  WasmEdge_Value r;
  r.Value = v;
  r.Type = t;
  return r;
}
/* A reference: its value type in bytes 0..7 and the pointer in 8..15. */
static inline WasmEdge_Value pe_ref(WasmEdge_ValType t, uint64_t ptr) {
  WasmEdge_Value r;
  memcpy((uint8_t *)&r.Value, t.Data, 8);
  memcpy((uint8_t *)&r.Value + 8, &ptr, 8);
  r.Type = t;
  return r;
}
static inline uint64_t pe_ref_ptr(const WasmEdge_Value *v) {
  uint64_t p;
  memcpy(&p, (const uint8_t *)&v->Value + 8, 8);
  return p;
}

WasmEdge_Value WasmEdge_ValueGenI32(const int32_t Val) {
  return pe_value((uint128_t)(uint32_t)Val, pe_valtype(0x7F, 0x40));
}
int32_t WasmEdge_ValueGetI32(const WasmEdge_Value Val) { return (int32_t)(uint32_t)Val.Value; }
WasmEdge_Value WasmEdge_ValueGenI64(const int64_t Val) {
  return pe_value((uint128_t)(uint64_t)Val, pe_valtype(0x7E, 0x40));
}
int64_t WasmEdge_ValueGetI64(const WasmEdge_Value Val) { return (int64_t)(uint64_t)Val.Value; }
WasmEdge_Value WasmEdge_ValueGenF32(const float Val) {
  uint32_t b;
  memcpy(&b, &Val, 4);
  return pe_value((uint128_t)b, pe_valtype(0x7D, 0x40));
}
float WasmEdge_ValueGetF32(const WasmEdge_Value Val) {
  uint32_t b = (uint32_t)Val.Value;
  float f;
  memcpy(&f, &b, 4);
  return f;
}
WasmEdge_Value WasmEdge_ValueGenF64(const double Val) {
  uint64_t b;
  memcpy(&b, &Val, 8);
  return pe_value((uint128_t)b, pe_valtype(0x7C, 0x40));
}
double WasmEdge_ValueGetF64(const WasmEdge_Value Val) {
  uint64_t b = (uint64_t)Val.Value;
  double d;
  memcpy(&d, &b, 8);
  return d;
}
WasmEdge_Value WasmEdge_ValueGenV128(const int128_t Val) {
  return pe_value((uint128_t)Val, pe_valtype(0x7B, 0x40));
}
int128_t WasmEdge_ValueGetV128(const WasmEdge_Value Val) { return (int128_t)Val.Value; }
WasmEdge_Value WasmEdge_ValueGenNullRef(const WasmEdge_ValType T) { return pe_ref(T, 0); }
bool WasmEdge_ValueIsNullRef(const WasmEdge_Value Val) { return pe_ref_ptr(&Val) == 0; }
WasmEdge_Value WasmEdge_ValueGenFuncRef(const WasmEdge_FunctionInstanceContext *Cxt) {
  return pe_ref(pe_valtype(0x63, 0x70), (uint64_t)(uintptr_t)Cxt);
}
const WasmEdge_FunctionInstanceContext *WasmEdge_ValueGetFuncRef(const WasmEdge_Value Val) {
  return (const WasmEdge_FunctionInstanceContext *)(uintptr_t)pe_ref_ptr(&Val);
}
WasmEdge_Value WasmEdge_ValueGenExternRef(void *Ref) {
  return pe_ref(pe_valtype(0x63, 0x6F), (uint64_t)(uintptr_t)Ref);
}
void *WasmEdge_ValueGetExternRef(const WasmEdge_Value Val) {
  return (void *)(uintptr_t)pe_ref_ptr(&Val);
}

/* ---- Strings and bytes ------------------------------------------------ */

WasmEdge_String WasmEdge_StringCreateByBuffer(const char *Buf, const uint32_t Len) {
  WasmEdge_String s = {0, NULL};
  if (!Buf || Len == 0) return s;
  char *b = (char *)malloc(Len);
  if (!b) return s;
  memcpy(b, Buf, Len);
  s.Length = Len;
  s.Buf = b;
  return s;
}
WasmEdge_String WasmEdge_StringCreateByCString(const char *Str) {
  if (!Str) {
    WasmEdge_String s = {0, NULL};
    return s;
  }
  return WasmEdge_StringCreateByBuffer(Str, (uint32_t)strlen(Str));
}
WasmEdge_String WasmEdge_StringWrap(const char *Buf, const uint32_t Len) {
  WasmEdge_String s;
  s.Length = Buf ? Len : 0;
  s.Buf = Buf;
  return s;
}
bool WasmEdge_StringIsEqual(const WasmEdge_String Str1, const WasmEdge_String Str2) {
  if (Str1.Length != Str2.Length) return false;
  if (Str1.Length == 0) return true;
  return memcmp(Str1.Buf, Str2.Buf, Str1.Length) == 0;
}
uint32_t WasmEdge_StringCopy(const WasmEdge_String Str, char *Buf, const uint32_t Len) {
  if (!Buf) return 0;
  uint32_t n = Str.Length < Len ? Str.Length : Len;
  if (n) memcpy(Buf, Str.Buf, n);
  if (Len > n) memset(Buf + n, 0, Len - n);
  return n;
}
void WasmEdge_StringDelete(WasmEdge_String Str) { free((void *)Str.Buf); }

WasmEdge_Bytes WasmEdge_BytesCreate(const uint8_t *Buf, const uint32_t Len) {
  WasmEdge_Bytes b = {0, NULL};
  if (!Buf || Len == 0) return b;
  uint8_t *p = (uint8_t *)malloc(Len);
  if (!p) return b;
  memcpy(p, Buf, Len);
  b.Length = Len;
  b.Buf = p;
  return b;
}
WasmEdge_Bytes WasmEdge_BytesWrap(const uint8_t *Buf, const uint32_t Len) {
  WasmEdge_Bytes b;
  b.Length = Buf ? Len : 0;
  b.Buf = Buf;
  return b;
}
void WasmEdge_BytesDelete(WasmEdge_Bytes Bytes) { free((void *)Bytes.Buf); }

/* ---- Results and limits ----------------------------------------------- */

bool WasmEdge_ResultOK(const WasmEdge_Result Res) {
  return (Res.Code >> 24) == 0 && ((Res.Code & 0xFFFFFF) == 0 || (Res.Code & 0xFFFFFF) == 1);
}
WasmEdge_Result WasmEdge_ResultGen(const enum WasmEdge_ErrCategory Category, const uint32_t Code) {
  return pe_result(((uint32_t)Category << 24) + (Code & 0xFFFFFFu));
}
uint32_t WasmEdge_ResultGetCode(const WasmEdge_Result Res) { return Res.Code & 0xFFFFFFu; }
enum WasmEdge_ErrCategory WasmEdge_ResultGetCategory(const WasmEdge_Result Res) {
  return (enum WasmEdge_ErrCategory)(Res.Code >> 24);
}
const char *WasmEdge_ResultGetMessage(const WasmEdge_Result Res) {
  return pureedgeCapiResultMessage(Res.Code);
}

bool WasmEdge_LimitIsEqual(const WasmEdge_Limit Lim1, const WasmEdge_Limit Lim2) {
  return Lim1.HasMax == Lim2.HasMax && Lim1.Shared == Lim2.Shared && Lim1.Min == Lim2.Min &&
         Lim1.Max == Lim2.Max;
}

/* ---- Function types --------------------------------------------------- */

static pe_functype *pe_functype_new(const WasmEdge_ValType *P, uint32_t NP,
                                    const WasmEdge_ValType *R, uint32_t NR) {
  if (!P) NP = 0;
  if (!R) NR = 0;
  pe_functype *t = (pe_functype *)calloc(1, sizeof *t);
  if (!t) return NULL;
  size_t n = (size_t)NP + NR;
  t->p = (WasmEdge_ValType *)malloc(n ? n * sizeof(WasmEdge_ValType) : 1);
  t->pc = (uint8_t *)malloc(n ? n : 1);
  if (!t->p || !t->pc) {
    free(t->p);
    free(t->pc);
    free(t);
    return NULL;
  }
  t->magic = PE_MAGIC_FUNCTYPE;
  t->np = NP;
  t->nr = NR;
  t->r = t->p + NP;
  t->rc = t->pc + NP;
  for (uint32_t i = 0; i < NP; i++) {
    t->p[i] = P[i];
    t->pc[i] = pe_code(P[i]);
    t->pslots += pe_slots(t->pc[i]);
  }
  for (uint32_t i = 0; i < NR; i++) {
    t->r[i] = R[i];
    t->rc[i] = pe_code(R[i]);
    t->rslots += pe_slots(t->rc[i]);
  }
  return t;
}

static void pe_functype_free(pe_functype *t) {
  if (!t) return;
  t->magic = PE_MAGIC_DEAD;
  free(t->p);
  free(t->pc);
  free(t);
}

WasmEdge_FunctionTypeContext *WasmEdge_FunctionTypeCreate(const WasmEdge_ValType *ParamList,
                                                          const uint32_t ParamLen,
                                                          const WasmEdge_ValType *ReturnList,
                                                          const uint32_t ReturnLen) {
  return (WasmEdge_FunctionTypeContext *)pe_functype_new(ParamList, ParamLen, ReturnList,
                                                         ReturnLen);
}
uint32_t WasmEdge_FunctionTypeGetParametersLength(const WasmEdge_FunctionTypeContext *Cxt) {
  const pe_functype *t = as_functype(Cxt);
  return t ? t->np : 0;
}
uint32_t WasmEdge_FunctionTypeGetParameters(const WasmEdge_FunctionTypeContext *Cxt,
                                            WasmEdge_ValType *List, const uint32_t Len) {
  const pe_functype *t = as_functype(Cxt);
  if (!t) return 0;
  for (uint32_t i = 0; List && i < t->np && i < Len; i++) List[i] = t->p[i];
  return t->np;
}
uint32_t WasmEdge_FunctionTypeGetReturnsLength(const WasmEdge_FunctionTypeContext *Cxt) {
  const pe_functype *t = as_functype(Cxt);
  return t ? t->nr : 0;
}
uint32_t WasmEdge_FunctionTypeGetReturns(const WasmEdge_FunctionTypeContext *Cxt,
                                         WasmEdge_ValType *List, const uint32_t Len) {
  const pe_functype *t = as_functype(Cxt);
  if (!t) return 0;
  for (uint32_t i = 0; List && i < t->nr && i < Len; i++) List[i] = t->r[i];
  return t->nr;
}
void WasmEdge_FunctionTypeDelete(WasmEdge_FunctionTypeContext *Cxt) {
  pe_functype *t = (pe_functype *)as_functype(Cxt);
  if (t && !t->inner) pe_functype_free(t);
}

/* ---- Function instances ----------------------------------------------- */

static pe_function *pe_function_new(const WasmEdge_FunctionTypeContext *Type,
                                    WasmEdge_HostFunc_t fn, WasmEdge_WrapFunc_t wrap,
                                    void *binding, void *data, uint64_t cost) {
  const pe_functype *t = as_functype(Type);
  if (!t || (!fn && !wrap)) return NULL;
  pe_function *f = (pe_function *)calloc(1, sizeof *f);
  if (!f) return NULL;
  f->type = pe_functype_new(t->p, t->np, t->r, t->nr);
  if (!f->type) {
    free(f);
    return NULL;
  }
  f->type->inner = 1;
  f->magic = PE_MAGIC_FUNCTION;
  f->kind = PE_FN_HOST;
  f->fn = fn;
  f->wrap = wrap;
  f->binding = binding;
  f->data = data;
  f->cost = cost;
  return f;
}

static void pe_function_free(pe_function *f) {
  f->magic = PE_MAGIC_DEAD;
  pe_functype_free(f->type);
  free(f->name);
  free(f);
}

WasmEdge_FunctionInstanceContext *WasmEdge_FunctionInstanceCreate(
    const WasmEdge_FunctionTypeContext *Type, WasmEdge_HostFunc_t HostFunc, void *Data,
    const uint64_t Cost) {
  return (WasmEdge_FunctionInstanceContext *)pe_function_new(Type, HostFunc, NULL, NULL, Data,
                                                             Cost);
}
WasmEdge_FunctionInstanceContext *WasmEdge_FunctionInstanceCreateBinding(
    const WasmEdge_FunctionTypeContext *Type, WasmEdge_WrapFunc_t WrapFunc, void *Binding,
    void *Data, const uint64_t Cost) {
  return (WasmEdge_FunctionInstanceContext *)pe_function_new(Type, NULL, WrapFunc, Binding,
                                                             Data, Cost);
}
const WasmEdge_FunctionTypeContext *WasmEdge_FunctionInstanceGetFunctionType(
    const WasmEdge_FunctionInstanceContext *Cxt) {
  const pe_function *f = as_function(Cxt);
  return f ? (const WasmEdge_FunctionTypeContext *)f->type : NULL;
}
const void *WasmEdge_FunctionInstanceGetData(const WasmEdge_FunctionInstanceContext *Cxt) {
  const pe_function *f = as_function(Cxt);
  return f ? f->data : NULL;
}
void WasmEdge_FunctionInstanceDelete(WasmEdge_FunctionInstanceContext *Cxt) {
  pe_function *f = as_function(Cxt);
  /* Functions owned by a module, and the calling module's functions, are
   * freed with their owner. */
  if (f && f->kind == PE_FN_HOST && f->refs == 0) pe_function_free(f);
}

void pe_function_unref(pe_function *f) {
  if (f && f->refs > 0 && --f->refs == 0) pe_function_free(f);
}

/* ---- Module instances ------------------------------------------------- */

WasmEdge_ModuleInstanceContext *WasmEdge_ModuleInstanceCreateWithData(
    const WasmEdge_String ModuleName, void *HostData, void (*Finalizer)(void *)) {
  pe_module *m = (pe_module *)calloc(1, sizeof *m);
  if (!m) return NULL;
  uint32_t n = ModuleName.Buf ? ModuleName.Length : 0;
  m->name = (char *)malloc((size_t)n + 1);
  if (!m->name) {
    free(m);
    return NULL;
  }
  if (n) memcpy(m->name, ModuleName.Buf, n);
  m->name[n] = 0;
  m->name_len = n;
  m->magic = PE_MAGIC_MODULE;
  m->kind = PE_MOD_HOST;
  m->host_data = HostData;
  m->finalizer = Finalizer;
  m->handle = pureedgeCapiModuleNew(m);
  if (!m->handle) {
    free(m->name);
    free(m);
    return NULL;
  }
  return (WasmEdge_ModuleInstanceContext *)m;
}
WasmEdge_ModuleInstanceContext *WasmEdge_ModuleInstanceCreate(const WasmEdge_String ModuleName) {
  return WasmEdge_ModuleInstanceCreateWithData(ModuleName, NULL, NULL);
}
WasmEdge_String WasmEdge_ModuleInstanceGetModuleName(const WasmEdge_ModuleInstanceContext *Cxt) {
  const pe_module *m = as_module(Cxt);
  WasmEdge_String s = {0, ""};
  if (m && m->kind == PE_MOD_HOST) {
    s.Length = m->name_len;
    s.Buf = m->name;
  }
  return s;
}
void *WasmEdge_ModuleInstanceGetHostData(const WasmEdge_ModuleInstanceContext *Cxt) {
  const pe_module *m = as_module(Cxt);
  return m && m->kind == PE_MOD_HOST ? m->host_data : NULL;
}
WasmEdge_FunctionInstanceContext *WasmEdge_ModuleInstanceFindFunction(
    const WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name) {
  const pe_module *m = as_module(Cxt);
  if (!m || (!Name.Buf && Name.Length)) return NULL;
  if (m->kind == PE_MOD_HOST)
    return (WasmEdge_FunctionInstanceContext *)pureedgeCapiModuleFindFunction(
        m->handle, (char *)Name.Buf, Name.Length);
  pe_frame *fr = m->frame;
  return (WasmEdge_FunctionInstanceContext *)pureedgeCapiCallerFunction(
      fr->call, fr, (char *)Name.Buf, Name.Length);
}
WasmEdge_MemoryInstanceContext *WasmEdge_ModuleInstanceFindMemory(
    const WasmEdge_ModuleInstanceContext *Cxt, const WasmEdge_String Name) {
  const pe_module *m = as_module(Cxt);
  if (!m || m->kind != PE_MOD_CALLER || (!Name.Buf && Name.Length)) return NULL;
  pe_frame *fr = m->frame;
  if (!fr->mem.has || !pureedgeCapiCallerMemory(fr->call, (char *)Name.Buf, Name.Length))
    return NULL;
  return (WasmEdge_MemoryInstanceContext *)&fr->mem;
}
uint32_t WasmEdge_ModuleInstanceListFunctionLength(const WasmEdge_ModuleInstanceContext *Cxt) {
  const pe_module *m = as_module(Cxt);
  if (!m || m->kind != PE_MOD_HOST) return 0;
  return pureedgeCapiModuleListFunctions(m->handle, NULL, 0);
}
uint32_t WasmEdge_ModuleInstanceListFunction(const WasmEdge_ModuleInstanceContext *Cxt,
                                             WasmEdge_String *Names, const uint32_t Len) {
  const pe_module *m = as_module(Cxt);
  if (!m || m->kind != PE_MOD_HOST) return 0;
  return pureedgeCapiModuleListFunctions(m->handle, Names, Names ? Len : 0);
}
void WasmEdge_ModuleInstanceAddFunction(WasmEdge_ModuleInstanceContext *Cxt,
                                        const WasmEdge_String Name,
                                        WasmEdge_FunctionInstanceContext *FuncCxt) {
  pe_module *m = as_module(Cxt);
  pe_function *f = as_function(FuncCxt);
  if (!m || m->kind != PE_MOD_HOST || !f || f->kind != PE_FN_HOST) return;
  if (!Name.Buf && Name.Length) return;
  f->refs++;
  pureedgeCapiModuleAddFunction(m->handle, (char *)Name.Buf, Name.Length, f);
}
void WasmEdge_ModuleInstanceDelete(WasmEdge_ModuleInstanceContext *Cxt) {
  pe_module *m = as_module(Cxt);
  if (m && m->kind == PE_MOD_HOST) pureedgeCapiModuleDelete(m->handle);
}

/* Runs the finalizer once and frees the module (the Go side frees its
 * functions). */
void pe_module_release(pe_module *m) {
  if (!m || m->magic != PE_MAGIC_MODULE) return;
  if (!m->finalized) {
    m->finalized = 1;
    if (m->finalizer) m->finalizer(m->host_data);
  }
  m->magic = PE_MAGIC_DEAD;
  free(m->name);
  free(m);
}

/* ---- Calling frames, guest functions and the executor ----------------- */

WasmEdge_ExecutorContext *WasmEdge_CallingFrameGetExecutor(
    const WasmEdge_CallingFrameContext *Cxt) {
  pe_frame *fr = as_frame(Cxt);
  return fr ? (WasmEdge_ExecutorContext *)&fr->exec : NULL;
}
const WasmEdge_ModuleInstanceContext *WasmEdge_CallingFrameGetModuleInstance(
    const WasmEdge_CallingFrameContext *Cxt) {
  pe_frame *fr = as_frame(Cxt);
  return fr && fr->hascaller ? (const WasmEdge_ModuleInstanceContext *)&fr->caller : NULL;
}
WasmEdge_MemoryInstanceContext *WasmEdge_CallingFrameGetMemoryInstance(
    const WasmEdge_CallingFrameContext *Cxt, const uint32_t Idx) {
  pe_frame *fr = as_frame(Cxt);
  if (!fr || Idx != 0 || !fr->mem.has) return NULL;
  return (WasmEdge_MemoryInstanceContext *)&fr->mem;
}

/* A function exported by the calling module, valid until the host call
 * that found it returns. */
pe_function *pe_guest_function(pe_frame *fr, const char *name, uint32_t len, uint32_t np,
                               const uint8_t *pc, uint32_t nr, const uint8_t *rc) {
  for (pe_function *g = fr->guests; g; g = g->next)
    if (g->name_len == len && memcmp(g->name, name, len) == 0) return g;
  WasmEdge_ValType pb[16], rb[16];
  WasmEdge_ValType *p = np <= 16 ? pb : (WasmEdge_ValType *)malloc(np * sizeof *p);
  WasmEdge_ValType *r = nr <= 16 ? rb : (WasmEdge_ValType *)malloc(nr * sizeof *r);
  pe_function *f = NULL;
  if (!p || !r) goto out;
  for (uint32_t i = 0; i < np; i++) p[i] = pe_type_of_code(pc[i]);
  for (uint32_t i = 0; i < nr; i++) r[i] = pe_type_of_code(rc[i]);
  f = (pe_function *)calloc(1, sizeof *f);
  if (!f) goto out;
  f->type = pe_functype_new(p, np, r, nr);
  f->name = (char *)malloc(len ? len : 1);
  if (!f->type || !f->name) {
    pe_functype_free(f->type);
    free(f->name);
    free(f);
    f = NULL;
    goto out;
  }
  f->type->inner = 1;
  if (len) memcpy(f->name, name, len);
  f->name_len = len;
  f->magic = PE_MAGIC_FUNCTION;
  f->kind = PE_FN_GUEST;
  f->frame = fr;
  f->next = fr->guests;
  fr->guests = f;
out:
  if (p != pb) free(p);
  if (r != rb) free(r);
  return f;
}

/* wazero stack slots <-> WasmEdge_Value. */
static inline void pe_to_value(WasmEdge_Value *v, WasmEdge_ValType t, uint8_t c,
                               const uint64_t *s) {
  switch (c) {
  case PE_I32:
  case PE_F32:
    *v = pe_value((uint128_t)(uint32_t)s[0], t);
    break;
  case PE_I64:
  case PE_F64:
    *v = pe_value((uint128_t)s[0], t);
    break;
  case PE_V128:
    *v = pe_value(((uint128_t)s[1] << 64) | (uint128_t)s[0], t);
    break;
  case PE_FUNCREF:
  case PE_EXTERNREF:
    *v = pe_ref(t, s[0]);
    break;
  default:
    *v = pe_value(0, t);
  }
}
static inline void pe_from_value(const WasmEdge_Value *v, uint8_t c, uint64_t *s) {
  switch (c) {
  case PE_I32:
  case PE_F32:
    s[0] = (uint32_t)v->Value;
    break;
  case PE_I64:
  case PE_F64:
    s[0] = (uint64_t)v->Value;
    break;
  case PE_V128:
    s[0] = (uint64_t)v->Value;
    s[1] = (uint64_t)(v->Value >> 64);
    break;
  case PE_FUNCREF:
  case PE_EXTERNREF:
    s[0] = pe_ref_ptr(v);
    break;
  default:
    s[0] = 0;
  }
}
static inline void pe_zero_value(WasmEdge_Value *v, WasmEdge_ValType t, uint8_t c) {
  if (c == PE_FUNCREF || c == PE_EXTERNREF)
    *v = pe_ref(t, 0);
  else
    *v = pe_value(0, t);
}

static inline WasmEdge_Result pe_call(const pe_function *f, pe_frame *fr,
                                      const WasmEdge_Value *in, WasmEdge_Value *out) {
  const pe_functype *t = f->type;
  const WasmEdge_CallingFrameContext *cf = (const WasmEdge_CallingFrameContext *)fr;
  if (f->wrap)
    return f->wrap(f->binding, f->data, cf, t->np ? in : NULL, t->np, t->nr ? out : NULL,
                   t->nr);
  return f->fn(f->data, cf, t->np ? in : NULL, t->nr ? out : NULL);
}

WasmEdge_Result WasmEdge_ExecutorInvoke(WasmEdge_ExecutorContext *Cxt,
                                        const WasmEdge_FunctionInstanceContext *FuncCxt,
                                        const WasmEdge_Value *Params, const uint32_t ParamLen,
                                        WasmEdge_Value *Returns, const uint32_t ReturnLen) {
  pe_executor *e = as_executor(Cxt);
  const pe_function *f = as_function(FuncCxt);
  if (!e || !f) return pe_result(PE_CODE_WRONG_WORKFLOW);
  const pe_functype *t = f->type;
  if (ParamLen != t->np || (t->np && !Params)) return pe_result(PE_CODE_FUNC_SIG_MISMATCH);
  for (uint32_t i = 0; i < t->np; i++)
    if (pe_code(Params[i].Type) != t->pc[i]) return pe_result(PE_CODE_FUNC_SIG_MISMATCH);
  uint32_t code;
  if (f->kind == PE_FN_HOST) {
    WasmEdge_Value ob[8];
    WasmEdge_Value *out = t->nr <= 8 ? ob : (WasmEdge_Value *)malloc(t->nr * sizeof *out);
    if (!out) return pe_result(PE_CODE_HOST_FUNC_ERROR);
    for (uint32_t i = 0; i < t->nr; i++) pe_zero_value(&out[i], t->r[i], t->rc[i]);
    code = pe_call(f, e->frame, Params, out).Code;
    for (uint32_t i = 0; Returns && i < t->nr && i < ReturnLen; i++) Returns[i] = out[i];
    if (out != ob) free(out);
    return pe_result(code);
  }
  /* A function of the calling module: through wazero, in Go. */
  uint32_t n = t->pslots > t->rslots ? t->pslots : t->rslots;
  uint64_t sb[16];
  uint64_t *stack = n <= 16 ? sb : (uint64_t *)malloc(n * sizeof *stack);
  if (!stack) return pe_result(PE_CODE_HOST_FUNC_ERROR);
  uint64_t *s = stack;
  for (uint32_t i = 0; i < t->np; i++) {
    pe_from_value(&Params[i], t->pc[i], s);
    s += pe_slots(t->pc[i]);
  }
  code = pureedgeCapiInvokeGuest(e->frame->call, &e->frame->mem, f->name, f->name_len, stack,
                                 n);
  if (code == PE_CODE_OK) {
    s = stack;
    for (uint32_t i = 0; i < t->nr; i++) {
      if (Returns && i < ReturnLen) pe_to_value(&Returns[i], t->r[i], t->rc[i], s);
      s += pe_slots(t->rc[i]);
    }
  }
  if (stack != sb) free(stack);
  return pe_result(code);
}

/* ---- Memory instances ------------------------------------------------- */

uint8_t *WasmEdge_MemoryInstanceGetPointer(WasmEdge_MemoryInstanceContext *Cxt,
                                           const uint32_t Offset, const uint32_t Length) {
  pe_memory *m = as_memory(Cxt);
  if (!m || !m->base || (uint64_t)Offset + Length > m->len) return NULL;
  return m->base + Offset;
}
const uint8_t *WasmEdge_MemoryInstanceGetPointerConst(const WasmEdge_MemoryInstanceContext *Cxt,
                                                      const uint32_t Offset,
                                                      const uint32_t Length) {
  return WasmEdge_MemoryInstanceGetPointer((WasmEdge_MemoryInstanceContext *)Cxt, Offset,
                                           Length);
}
WasmEdge_Result WasmEdge_MemoryInstanceGetData(const WasmEdge_MemoryInstanceContext *Cxt,
                                               uint8_t *Data, const uint32_t Offset,
                                               const uint32_t Length) {
  pe_memory *m = as_memory(Cxt);
  if (!m || !Data) return pe_result(PE_CODE_WRONG_WORKFLOW);
  if ((uint64_t)Offset + Length > m->len) return pe_result(PE_CODE_MEMORY_OOB);
  if (Length) memcpy(Data, m->base + Offset, Length);
  return pe_result(PE_CODE_OK);
}
WasmEdge_Result WasmEdge_MemoryInstanceSetData(WasmEdge_MemoryInstanceContext *Cxt,
                                               const uint8_t *Data, const uint32_t Offset,
                                               const uint32_t Length) {
  pe_memory *m = as_memory(Cxt);
  if (!m || !Data) return pe_result(PE_CODE_WRONG_WORKFLOW);
  if ((uint64_t)Offset + Length > m->len) return pe_result(PE_CODE_MEMORY_OOB);
  if (Length) memcpy(m->base + Offset, Data, Length);
  return pe_result(PE_CODE_OK);
}
uint32_t WasmEdge_MemoryInstanceGetPageSize(const WasmEdge_MemoryInstanceContext *Cxt) {
  const pe_memory *m = as_memory(Cxt);
  return m ? (uint32_t)(m->len / 65536) : 0;
}
WasmEdge_Result WasmEdge_MemoryInstanceGrowPage(WasmEdge_MemoryInstanceContext *Cxt,
                                                const uint32_t Page) {
  pe_memory *m = as_memory(Cxt);
  if (!m) return pe_result(PE_CODE_WRONG_WORKFLOW);
  if (!m->call) return pe_result(PE_CODE_MEMORY_OOB);
  return pe_result(pureedgeCapiMemoryGrow(m->call, m, Page));
}

/* ---- The trampoline --------------------------------------------------- */

#define PE_SMALL 8

/* Runs a plug-in host function for one guest->host call: wazero's stack
 * (parameters in, results out) <-> WasmEdge_Value arrays on the C stack.
 * base/len is the caller's linear memory, valid for this call; flags say
 * whether there is one and whether there is a calling module at all (none
 * when the host invokes the function itself). Returns the host function's
 * WasmEdge_Result code. */
uint32_t pe_invoke(const pe_function *f, uint8_t *base, uint64_t len, uint32_t flags,
                   uint64_t *stack, uintptr_t call) {
  pe_frame fr;
  fr.magic = PE_MAGIC_FRAME;
  fr.hascaller = (flags & PE_INVOKE_HASCALLER) != 0;
  fr.mem.magic = PE_MAGIC_MEMORY;
  fr.mem.has = (flags & PE_INVOKE_HASMEM) != 0;
  fr.mem.base = base;
  fr.mem.len = base ? len : 0;
  fr.mem.call = call;
  memset(&fr.caller, 0, sizeof fr.caller);
  fr.caller.magic = PE_MAGIC_MODULE;
  fr.caller.kind = PE_MOD_CALLER;
  fr.caller.frame = &fr;
  fr.exec.magic = PE_MAGIC_EXECUTOR;
  fr.exec.frame = &fr;
  fr.call = call;
  fr.guests = NULL;

  const pe_functype *t = f->type;
  WasmEdge_Value inb[PE_SMALL], outb[PE_SMALL];
  WasmEdge_Value *in = t->np <= PE_SMALL ? inb : (WasmEdge_Value *)malloc(t->np * sizeof *in);
  WasmEdge_Value *out = t->nr <= PE_SMALL ? outb : (WasmEdge_Value *)malloc(t->nr * sizeof *out);
  uint32_t code;
  if (!in || !out) {
    code = PE_CODE_HOST_FUNC_ERROR;
    goto done;
  }
  const uint64_t *s = stack;
  for (uint32_t i = 0; i < t->np; i++) {
    pe_to_value(&in[i], t->p[i], t->pc[i], s);
    s += pe_slots(t->pc[i]);
  }
  for (uint32_t i = 0; i < t->nr; i++) pe_zero_value(&out[i], t->r[i], t->rc[i]);

  code = pe_call(f, &fr, in, out).Code;

  uint64_t *o = stack;
  for (uint32_t i = 0; i < t->nr; i++) {
    pe_from_value(&out[i], t->rc[i], o);
    o += pe_slots(t->rc[i]);
  }
done:
  if (in && in != inb) free(in);
  if (out && out != outb) free(out);
  while (fr.guests) {
    pe_function *g = fr.guests;
    fr.guests = g->next;
    pe_function_free(g);
  }
  fr.magic = PE_MAGIC_DEAD;
  fr.mem.magic = PE_MAGIC_DEAD;
  fr.caller.magic = PE_MAGIC_DEAD;
  fr.exec.magic = PE_MAGIC_DEAD;
  return code;
}

/* ---- Loading ---------------------------------------------------------- */

/* dlopen and dlerror in one C call: dlerror's state is per thread. */
void *pe_dlopen(const char *path, char **err) {
  (void)dlerror();
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    const char *e = dlerror();
    *err = strdup(e ? e : "unknown dlopen error");
  }
  return h;
}
void *pe_dlsym(void *h, const char *name) {
  (void)dlerror();
  return dlsym(h, name);
}
void pe_dlclose(void *h) { dlclose(h); }
const WasmEdge_PluginDescriptor *pe_get_descriptor(void *sym) {
  return ((const WasmEdge_PluginDescriptor *(*)(void))sym)();
}
WasmEdge_ModuleInstanceContext *pe_create(const WasmEdge_ModuleDescriptor *d) {
  return d->Create ? d->Create(d) : NULL;
}

#pragma GCC visibility pop
