/* PureEdge: a WasmEdge-compatible C API for shared-library plug-ins.
 *
 * Our own text, written from the public description of WasmEdge 0.14.1's C
 * API. Every type below has the size, alignment and field offsets of its
 * WasmEdge 0.14.1 counterpart, and every function has the same name and
 * calling convention, so that a plug-in compiled against WasmEdge's
 * <wasmedge/wasmedge.h> loads into PureEdge unchanged, and a plug-in
 * compiled against this header loads into WasmEdge 0.14.1-0.16.x.
 *
 * Only the subset of the API that C plug-ins use is declared: strings,
 * results, value types and values, function types and host functions,
 * module instances, calling frames and the caller's memory, re-entrant
 * calls through the calling frame's executor, logging and versions, and the
 * plug-in descriptor types. A plug-in that references another WasmEdge_*
 * function fails to load with "undefined symbol: WasmEdge_..." (PureEdge
 * loads plug-ins with RTLD_NOW).
 *
 * Build a plug-in without linking anything:
 *   gcc -shared -fPIC -I<pureedge>/include -o libmyplugin.so myplugin.c
 * The WasmEdge_* symbols are resolved from the PureEdge executable when it
 * loads the plug-in. */
#ifndef WASMEDGE_C_API_H
#define WASMEDGE_C_API_H

#if defined(_WIN32) || defined(_WIN64) || defined(__WIN32__) ||                \
    defined(__TOS_WIN__) || defined(__WINDOWS__)
#ifdef WASMEDGE_COMPILE_LIBRARY
#define WASMEDGE_CAPI_EXPORT __declspec(dllexport)
#else
#define WASMEDGE_CAPI_EXPORT __declspec(dllimport)
#endif
#ifdef WASMEDGE_PLUGIN
#define WASMEDGE_CAPI_PLUGIN_EXPORT __declspec(dllexport)
#else
#define WASMEDGE_CAPI_PLUGIN_EXPORT
#endif
#else
#define WASMEDGE_CAPI_EXPORT __attribute__((visibility("default")))
#define WASMEDGE_CAPI_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

#include <stdbool.h>
#include <stdint.h>

#include "wasmedge/enum_errcode.h"
#include "wasmedge/enum_types.h"
#include "wasmedge/int128.h"
#include "wasmedge/version.h"

/* ---- Plain data types ------------------------------------------------- */

/* A string with a length. Buf is not necessarily NUL-terminated.
 * LP64: size 16, Length@0, Buf@8. */
typedef struct WasmEdge_String {
  uint32_t Length;
  const char *Buf;
} WasmEdge_String;

/* A byte buffer with a length. LP64: size 16. */
typedef struct WasmEdge_Bytes {
  uint32_t Length;
  const uint8_t *Buf;
} WasmEdge_Bytes;

/* The result of an API call or a host function:
 * Code = (Category << 24) | (ErrCode & 0x00FFFFFF). Size 4. */
typedef struct WasmEdge_Result {
  uint32_t Code;
} WasmEdge_Result;

#define WasmEdge_Result_Success ((WasmEdge_Result){.Code = 0x00})
#define WasmEdge_Result_Terminate ((WasmEdge_Result){.Code = 0x01})
#define WasmEdge_Result_Fail ((WasmEdge_Result){.Code = 0x02})

/* A value type: Data = {0, 0, TypeCode, HeapTypeCode, Index (u32 LE)}.
 * i32 is {0,0,0x7F,0x40,0,0,0,0}; funcref is {0,0,0x63,0x70,0,0,0,0};
 * externref is {0,0,0x63,0x6F,0,0,0,0}. Size 8, alignment 1. */
typedef struct WasmEdge_ValType {
  uint8_t Data[8];
} WasmEdge_ValType;

/* A value and its type. Scalars sit in the low bits of Value; a v128 fills
 * it; a reference keeps its value type in bytes 0..7 and its pointer in
 * bytes 8..15 (0 for null). x86_64/aarch64: size 32, alignment 16,
 * Value@0, Type@16. */
typedef struct WasmEdge_Value {
  uint128_t Value;
  WasmEdge_ValType Type;
} WasmEdge_Value;

/* Limits of a table or memory (WasmEdge 0.14-0.16). Size 12: HasMax@0,
 * Shared@1, Min@4, Max@8. */
typedef struct WasmEdge_Limit {
  bool HasMax;
  bool Shared;
  uint32_t Min;
  uint32_t Max;
} WasmEdge_Limit;

/* ---- Opaque contexts -------------------------------------------------- */

typedef struct WasmEdge_ConfigureContext WasmEdge_ConfigureContext;
typedef struct WasmEdge_StatisticsContext WasmEdge_StatisticsContext;
typedef struct WasmEdge_ASTModuleContext WasmEdge_ASTModuleContext;
typedef struct WasmEdge_FunctionTypeContext WasmEdge_FunctionTypeContext;
typedef struct WasmEdge_MemoryTypeContext WasmEdge_MemoryTypeContext;
typedef struct WasmEdge_TableTypeContext WasmEdge_TableTypeContext;
typedef struct WasmEdge_GlobalTypeContext WasmEdge_GlobalTypeContext;
typedef struct WasmEdge_TagTypeContext WasmEdge_TagTypeContext;
typedef struct WasmEdge_ImportTypeContext WasmEdge_ImportTypeContext;
typedef struct WasmEdge_ExportTypeContext WasmEdge_ExportTypeContext;
typedef struct WasmEdge_CompilerContext WasmEdge_CompilerContext;
typedef struct WasmEdge_LoaderContext WasmEdge_LoaderContext;
typedef struct WasmEdge_ValidatorContext WasmEdge_ValidatorContext;
typedef struct WasmEdge_ExecutorContext WasmEdge_ExecutorContext;
typedef struct WasmEdge_StoreContext WasmEdge_StoreContext;
typedef struct WasmEdge_ModuleInstanceContext WasmEdge_ModuleInstanceContext;
typedef struct WasmEdge_FunctionInstanceContext WasmEdge_FunctionInstanceContext;
typedef struct WasmEdge_TableInstanceContext WasmEdge_TableInstanceContext;
typedef struct WasmEdge_MemoryInstanceContext WasmEdge_MemoryInstanceContext;
typedef struct WasmEdge_TagInstanceContext WasmEdge_TagInstanceContext;
typedef struct WasmEdge_GlobalInstanceContext WasmEdge_GlobalInstanceContext;
typedef struct WasmEdge_CallingFrameContext WasmEdge_CallingFrameContext;
typedef struct WasmEdge_Async WasmEdge_Async;
typedef struct WasmEdge_VMContext WasmEdge_VMContext;
typedef struct WasmEdge_PluginContext WasmEdge_PluginContext;

/* ---- Host function callbacks ------------------------------------------ */

/* A host function. Params holds as many values as the function type has
 * parameters (NULL when none), Returns room for its results (NULL when
 * none). Returning WasmEdge_Result_Success returns normally,
 * WasmEdge_Result_Terminate ends the whole execution cleanly, anything else
 * traps with that result's category and code. */
typedef WasmEdge_Result (*WasmEdge_HostFunc_t)(
    void *Data, const WasmEdge_CallingFrameContext *CallFrameCxt,
    const WasmEdge_Value *Params, WasmEdge_Value *Returns);

/* A host function for language bindings: Binding and Data are the values
 * given to WasmEdge_FunctionInstanceCreateBinding. */
typedef WasmEdge_Result (*WasmEdge_WrapFunc_t)(
    void *This, void *Data, const WasmEdge_CallingFrameContext *CallFrameCxt,
    const WasmEdge_Value *Params, const uint32_t ParamLen,
    WasmEdge_Value *Returns, const uint32_t ReturnLen);

/* ---- Plug-in descriptor types ----------------------------------------- */

typedef enum WasmEdge_ProgramOptionType {
  WasmEdge_ProgramOptionType_None = 0,
  WasmEdge_ProgramOptionType_Toggle = 1, /* bool */
  WasmEdge_ProgramOptionType_Int8 = 2,
  WasmEdge_ProgramOptionType_Int16 = 3,
  WasmEdge_ProgramOptionType_Int32 = 4,
  WasmEdge_ProgramOptionType_Int64 = 5,
  WasmEdge_ProgramOptionType_UInt8 = 6,
  WasmEdge_ProgramOptionType_UInt16 = 7,
  WasmEdge_ProgramOptionType_UInt32 = 8,
  WasmEdge_ProgramOptionType_UInt64 = 9,
  WasmEdge_ProgramOptionType_Float = 10,
  WasmEdge_ProgramOptionType_Double = 11,
  WasmEdge_ProgramOptionType_String = 12 /* WasmEdge_String */
} WasmEdge_ProgramOptionType;

/* A plug-in option (--Name on the command line). The host writes values
 * into *Storage, which has the C type of Type; DefaultValue (may be NULL)
 * points to a value of the same type used when the option is given without
 * a value. LP64: size 40, Name@0, Description@8, Type@16, Storage@24,
 * DefaultValue@32. */
typedef struct WasmEdge_ProgramOption {
  const char *Name;
  const char *Description;
  WasmEdge_ProgramOptionType Type;
  void *Storage;
  const void *DefaultValue;
} WasmEdge_ProgramOption;

/* A module a plug-in can create. Create is called once per module wanted
 * and returns a fresh instance (owned by the caller), or NULL.
 * LP64: size 24. */
typedef struct WasmEdge_ModuleDescriptor {
  const char *Name;
  const char *Description;
  WasmEdge_ModuleInstanceContext *(*Create)(
      const struct WasmEdge_ModuleDescriptor *);
} WasmEdge_ModuleDescriptor;

/* Size 16, alignment 4. */
typedef struct WasmEdge_PluginVersionData {
  uint32_t Major;
  uint32_t Minor;
  uint32_t Patch;
  uint32_t Build;
} WasmEdge_PluginVersionData;

/* What WasmEdge_Plugin_GetDescriptor returns. All strings and arrays must
 * stay valid while the plug-in is loaded (static storage).
 * LP64: size 64, Name@0, Description@8, APIVersion@16, Version@20,
 * ModuleCount@36, ProgramOptionCount@40, ModuleDescriptions@48,
 * ProgramOptions@56. */
typedef struct WasmEdge_PluginDescriptor {
  const char *Name;
  const char *Description;
  uint32_t APIVersion; /* WasmEdge_Plugin_CurrentAPIVersion */
  WasmEdge_PluginVersionData Version;
  uint32_t ModuleCount;
  uint32_t ProgramOptionCount;
  WasmEdge_ModuleDescriptor *ModuleDescriptions;
  WasmEdge_ProgramOption *ProgramOptions;
} WasmEdge_PluginDescriptor;

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Versions and logging --------------------------------------------- */

/* "0.14.1" */
WASMEDGE_CAPI_EXPORT extern const char *WasmEdge_VersionGet(void);
WASMEDGE_CAPI_EXPORT extern uint32_t WasmEdge_VersionGetMajor(void);
WASMEDGE_CAPI_EXPORT extern uint32_t WasmEdge_VersionGetMinor(void);
WASMEDGE_CAPI_EXPORT extern uint32_t WasmEdge_VersionGetPatch(void);

/* Set the runtime's log level (process-wide). */
WASMEDGE_CAPI_EXPORT extern void WasmEdge_LogSetErrorLevel(void);
WASMEDGE_CAPI_EXPORT extern void WasmEdge_LogSetDebugLevel(void);
WASMEDGE_CAPI_EXPORT extern void WasmEdge_LogOff(void);

/* ---- Values and value types ------------------------------------------- */

WASMEDGE_CAPI_EXPORT extern WasmEdge_ValType WasmEdge_ValTypeGenI32(void);
WASMEDGE_CAPI_EXPORT extern WasmEdge_ValType WasmEdge_ValTypeGenI64(void);
WASMEDGE_CAPI_EXPORT extern WasmEdge_ValType WasmEdge_ValTypeGenF32(void);
WASMEDGE_CAPI_EXPORT extern WasmEdge_ValType WasmEdge_ValTypeGenF64(void);
WASMEDGE_CAPI_EXPORT extern WasmEdge_ValType WasmEdge_ValTypeGenV128(void);
/* (ref null func) */
WASMEDGE_CAPI_EXPORT extern WasmEdge_ValType WasmEdge_ValTypeGenFuncRef(void);
/* (ref null extern) */
WASMEDGE_CAPI_EXPORT extern WasmEdge_ValType WasmEdge_ValTypeGenExternRef(void);
WASMEDGE_CAPI_EXPORT extern bool
WasmEdge_ValTypeIsEqual(const WasmEdge_ValType ValType1,
                        const WasmEdge_ValType ValType2);
WASMEDGE_CAPI_EXPORT extern bool WasmEdge_ValTypeIsI32(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT extern bool WasmEdge_ValTypeIsI64(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT extern bool WasmEdge_ValTypeIsF32(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT extern bool WasmEdge_ValTypeIsF64(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT extern bool WasmEdge_ValTypeIsV128(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT extern bool WasmEdge_ValTypeIsFuncRef(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT extern bool WasmEdge_ValTypeIsExternRef(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT extern bool WasmEdge_ValTypeIsRef(const WasmEdge_ValType ValType);
WASMEDGE_CAPI_EXPORT extern bool WasmEdge_ValTypeIsRefNull(const WasmEdge_ValType ValType);

WASMEDGE_CAPI_EXPORT extern WasmEdge_Value WasmEdge_ValueGenI32(const int32_t Val);
WASMEDGE_CAPI_EXPORT extern int32_t WasmEdge_ValueGetI32(const WasmEdge_Value Val);
WASMEDGE_CAPI_EXPORT extern WasmEdge_Value WasmEdge_ValueGenI64(const int64_t Val);
WASMEDGE_CAPI_EXPORT extern int64_t WasmEdge_ValueGetI64(const WasmEdge_Value Val);
WASMEDGE_CAPI_EXPORT extern WasmEdge_Value WasmEdge_ValueGenF32(const float Val);
WASMEDGE_CAPI_EXPORT extern float WasmEdge_ValueGetF32(const WasmEdge_Value Val);
WASMEDGE_CAPI_EXPORT extern WasmEdge_Value WasmEdge_ValueGenF64(const double Val);
WASMEDGE_CAPI_EXPORT extern double WasmEdge_ValueGetF64(const WasmEdge_Value Val);
WASMEDGE_CAPI_EXPORT extern WasmEdge_Value WasmEdge_ValueGenV128(const int128_t Val);
WASMEDGE_CAPI_EXPORT extern int128_t WasmEdge_ValueGetV128(const WasmEdge_Value Val);
/* A null reference of the reference type T. */
WASMEDGE_CAPI_EXPORT extern WasmEdge_Value WasmEdge_ValueGenNullRef(const WasmEdge_ValType T);
WASMEDGE_CAPI_EXPORT extern bool WasmEdge_ValueIsNullRef(const WasmEdge_Value Val);
WASMEDGE_CAPI_EXPORT extern WasmEdge_Value
WasmEdge_ValueGenFuncRef(const WasmEdge_FunctionInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT extern const WasmEdge_FunctionInstanceContext *
WasmEdge_ValueGetFuncRef(const WasmEdge_Value Val);
WASMEDGE_CAPI_EXPORT extern WasmEdge_Value WasmEdge_ValueGenExternRef(void *Ref);
WASMEDGE_CAPI_EXPORT extern void *WasmEdge_ValueGetExternRef(const WasmEdge_Value Val);

/* ---- Strings and bytes ------------------------------------------------ */

/* Copies Str (NUL-terminated); free with WasmEdge_StringDelete. */
WASMEDGE_CAPI_EXPORT extern WasmEdge_String
WasmEdge_StringCreateByCString(const char *Str);
/* Copies Len bytes of Buf; free with WasmEdge_StringDelete. */
WASMEDGE_CAPI_EXPORT extern WasmEdge_String
WasmEdge_StringCreateByBuffer(const char *Buf, const uint32_t Len);
/* Wraps Buf without copying; must not be deleted. */
WASMEDGE_CAPI_EXPORT extern WasmEdge_String WasmEdge_StringWrap(const char *Buf,
                                                                const uint32_t Len);
WASMEDGE_CAPI_EXPORT extern bool WasmEdge_StringIsEqual(const WasmEdge_String Str1,
                                                        const WasmEdge_String Str2);
/* Copies at most Len bytes of Str into Buf, zero-filling the rest of Buf;
 * returns the number of bytes copied. */
WASMEDGE_CAPI_EXPORT extern uint32_t WasmEdge_StringCopy(const WasmEdge_String Str,
                                                         char *Buf, const uint32_t Len);
WASMEDGE_CAPI_EXPORT extern void WasmEdge_StringDelete(WasmEdge_String Str);

WASMEDGE_CAPI_EXPORT extern WasmEdge_Bytes WasmEdge_BytesCreate(const uint8_t *Buf,
                                                                const uint32_t Len);
WASMEDGE_CAPI_EXPORT extern WasmEdge_Bytes WasmEdge_BytesWrap(const uint8_t *Buf,
                                                              const uint32_t Len);
WASMEDGE_CAPI_EXPORT extern void WasmEdge_BytesDelete(WasmEdge_Bytes Bytes);

/* ---- Results ---------------------------------------------------------- */

/* True for success and for termination (category WASM, code 0 or 1). */
WASMEDGE_CAPI_EXPORT extern bool WasmEdge_ResultOK(const WasmEdge_Result Res);
WASMEDGE_CAPI_EXPORT extern WasmEdge_Result
WasmEdge_ResultGen(const enum WasmEdge_ErrCategory Category, const uint32_t Code);
WASMEDGE_CAPI_EXPORT extern uint32_t WasmEdge_ResultGetCode(const WasmEdge_Result Res);
WASMEDGE_CAPI_EXPORT extern enum WasmEdge_ErrCategory
WasmEdge_ResultGetCategory(const WasmEdge_Result Res);
/* A static message for the code. */
WASMEDGE_CAPI_EXPORT extern const char *WasmEdge_ResultGetMessage(const WasmEdge_Result Res);

/* ---- Limits ----------------------------------------------------------- */

WASMEDGE_CAPI_EXPORT extern bool WasmEdge_LimitIsEqual(const WasmEdge_Limit Lim1,
                                                       const WasmEdge_Limit Lim2);

/* ---- Function types --------------------------------------------------- */

/* The lists are copied. Free with WasmEdge_FunctionTypeDelete, which may be
 * done as soon as the function instances are created. */
WASMEDGE_CAPI_EXPORT extern WasmEdge_FunctionTypeContext *
WasmEdge_FunctionTypeCreate(const WasmEdge_ValType *ParamList, const uint32_t ParamLen,
                            const WasmEdge_ValType *ReturnList, const uint32_t ReturnLen);
WASMEDGE_CAPI_EXPORT extern uint32_t
WasmEdge_FunctionTypeGetParametersLength(const WasmEdge_FunctionTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT extern uint32_t
WasmEdge_FunctionTypeGetParameters(const WasmEdge_FunctionTypeContext *Cxt,
                                   WasmEdge_ValType *List, const uint32_t Len);
WASMEDGE_CAPI_EXPORT extern uint32_t
WasmEdge_FunctionTypeGetReturnsLength(const WasmEdge_FunctionTypeContext *Cxt);
WASMEDGE_CAPI_EXPORT extern uint32_t
WasmEdge_FunctionTypeGetReturns(const WasmEdge_FunctionTypeContext *Cxt,
                                WasmEdge_ValType *List, const uint32_t Len);
WASMEDGE_CAPI_EXPORT extern void WasmEdge_FunctionTypeDelete(WasmEdge_FunctionTypeContext *Cxt);

/* ---- Function instances ----------------------------------------------- */

/* A host function of the given type; Data is passed to HostFunc on every
 * call; Cost is added to the cost counter per call. NULL if Type or
 * HostFunc is NULL. The instance belongs to the module it is added to. */
WASMEDGE_CAPI_EXPORT extern WasmEdge_FunctionInstanceContext *
WasmEdge_FunctionInstanceCreate(const WasmEdge_FunctionTypeContext *Type,
                                WasmEdge_HostFunc_t HostFunc, void *Data,
                                const uint64_t Cost);
WASMEDGE_CAPI_EXPORT extern WasmEdge_FunctionInstanceContext *
WasmEdge_FunctionInstanceCreateBinding(const WasmEdge_FunctionTypeContext *Type,
                                       WasmEdge_WrapFunc_t WrapFunc, void *Binding,
                                       void *Data, const uint64_t Cost);
WASMEDGE_CAPI_EXPORT extern const WasmEdge_FunctionTypeContext *
WasmEdge_FunctionInstanceGetFunctionType(const WasmEdge_FunctionInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT extern const void *
WasmEdge_FunctionInstanceGetData(const WasmEdge_FunctionInstanceContext *Cxt);
/* Frees an instance that was not added to a module. */
WASMEDGE_CAPI_EXPORT extern void
WasmEdge_FunctionInstanceDelete(WasmEdge_FunctionInstanceContext *Cxt);

/* ---- Module instances ------------------------------------------------- */

/* A module instance named ModuleName (copied): the name guests import. */
WASMEDGE_CAPI_EXPORT extern WasmEdge_ModuleInstanceContext *
WasmEdge_ModuleInstanceCreate(const WasmEdge_String ModuleName);
/* Likewise, with host data; Finalizer(HostData) runs once when the instance
 * is destroyed. */
WASMEDGE_CAPI_EXPORT extern WasmEdge_ModuleInstanceContext *
WasmEdge_ModuleInstanceCreateWithData(const WasmEdge_String ModuleName, void *HostData,
                                      void (*Finalizer)(void *));
/* The name, owned by the instance (do not delete). */
WASMEDGE_CAPI_EXPORT extern WasmEdge_String
WasmEdge_ModuleInstanceGetModuleName(const WasmEdge_ModuleInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT extern void *
WasmEdge_ModuleInstanceGetHostData(const WasmEdge_ModuleInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT extern WasmEdge_FunctionInstanceContext *
WasmEdge_ModuleInstanceFindFunction(const WasmEdge_ModuleInstanceContext *Cxt,
                                    const WasmEdge_String Name);
WASMEDGE_CAPI_EXPORT extern WasmEdge_MemoryInstanceContext *
WasmEdge_ModuleInstanceFindMemory(const WasmEdge_ModuleInstanceContext *Cxt,
                                  const WasmEdge_String Name);
WASMEDGE_CAPI_EXPORT extern uint32_t
WasmEdge_ModuleInstanceListFunctionLength(const WasmEdge_ModuleInstanceContext *Cxt);
/* Fills Names with up to Len export names in byte order (owned by the
 * instance); returns the number of functions. */
WASMEDGE_CAPI_EXPORT extern uint32_t
WasmEdge_ModuleInstanceListFunction(const WasmEdge_ModuleInstanceContext *Cxt,
                                    WasmEdge_String *Names, const uint32_t Len);
/* Exports FuncCxt as Name (replacing an export of that name); the module
 * takes ownership of FuncCxt. */
WASMEDGE_CAPI_EXPORT extern void
WasmEdge_ModuleInstanceAddFunction(WasmEdge_ModuleInstanceContext *Cxt,
                                   const WasmEdge_String Name,
                                   WasmEdge_FunctionInstanceContext *FuncCxt);
WASMEDGE_CAPI_EXPORT extern void
WasmEdge_ModuleInstanceDelete(WasmEdge_ModuleInstanceContext *Cxt);

/* ---- Calling frames (valid during a host function call only) ---------- */

WASMEDGE_CAPI_EXPORT extern WasmEdge_ExecutorContext *
WasmEdge_CallingFrameGetExecutor(const WasmEdge_CallingFrameContext *Cxt);
/* The calling Wasm module (or the host function's own module when it was
 * invoked directly). */
WASMEDGE_CAPI_EXPORT extern const WasmEdge_ModuleInstanceContext *
WasmEdge_CallingFrameGetModuleInstance(const WasmEdge_CallingFrameContext *Cxt);
/* Memory Idx of the calling module; NULL if it has none. */
WASMEDGE_CAPI_EXPORT extern WasmEdge_MemoryInstanceContext *
WasmEdge_CallingFrameGetMemoryInstance(const WasmEdge_CallingFrameContext *Cxt,
                                       const uint32_t Idx);

/* ---- Executor --------------------------------------------------------- */

/* Calls FuncCxt (a function of the calling module found with
 * WasmEdge_ModuleInstanceFindFunction, or a host function instance) from
 * inside a host function. */
WASMEDGE_CAPI_EXPORT extern WasmEdge_Result
WasmEdge_ExecutorInvoke(WasmEdge_ExecutorContext *Cxt,
                        const WasmEdge_FunctionInstanceContext *FuncCxt,
                        const WasmEdge_Value *Params, const uint32_t ParamLen,
                        WasmEdge_Value *Returns, const uint32_t ReturnLen);

/* ---- Memory instances ------------------------------------------------- */

/* Plug-in API version 5 (WasmEdge 0.17 headers). The descriptor layout is
 * the same as in versions 3 and 4; WasmEdge 0.17 changed seven of the
 * functions declared here, and PureEdge serves each with the 0.14
 * signature below only:
 *   WasmEdge_MemoryInstanceGetPointer, WasmEdge_MemoryInstanceGetPointerConst,
 *   WasmEdge_MemoryInstanceGetData, WasmEdge_MemoryInstanceSetData:
 *     0.17 passes Offset and Length as uint64_t; served as uint32_t.
 *   WasmEdge_MemoryInstanceGetPageSize: 0.17 returns uint64_t; served as
 *     uint32_t.
 *   WasmEdge_MemoryInstanceGrowPage: 0.17 passes Page as uint64_t; served
 *     as uint32_t.
 *   WasmEdge_LimitIsEqual: 0.17 takes two const WasmEdge_LimitContext *
 *     (WasmEdge_Limit became opaque); served with WasmEdge_Limit by value.
 * A 64-bit argument read as 32 bits loses its high half (an offset past
 * 4 GiB, out of bounds, would come out in bounds), so a version 5 plug-in
 * whose library imports any of these seven is refused at loading, with an
 * error-level message naming them; one that calls none of them loads, since
 * every other function behaves as in 0.17. Build such a plug-in against
 * these headers (API version 4) to use the memory functions. */

/* Pointer to [Offset, Offset+Length) of the memory; NULL if out of bounds.
 * Valid until the memory grows or the host function returns. */
WASMEDGE_CAPI_EXPORT extern uint8_t *
WasmEdge_MemoryInstanceGetPointer(WasmEdge_MemoryInstanceContext *Cxt,
                                  const uint32_t Offset, const uint32_t Length);
WASMEDGE_CAPI_EXPORT extern const uint8_t *
WasmEdge_MemoryInstanceGetPointerConst(const WasmEdge_MemoryInstanceContext *Cxt,
                                       const uint32_t Offset, const uint32_t Length);
/* Copies out of / into the memory: MemoryOutOfBounds on a bad range,
 * WrongVMWorkflow on a NULL context or buffer. */
WASMEDGE_CAPI_EXPORT extern WasmEdge_Result
WasmEdge_MemoryInstanceGetData(const WasmEdge_MemoryInstanceContext *Cxt, uint8_t *Data,
                               const uint32_t Offset, const uint32_t Length);
WASMEDGE_CAPI_EXPORT extern WasmEdge_Result
WasmEdge_MemoryInstanceSetData(WasmEdge_MemoryInstanceContext *Cxt, const uint8_t *Data,
                               const uint32_t Offset, const uint32_t Length);
/* Size in 64 KiB pages. */
WASMEDGE_CAPI_EXPORT extern uint32_t
WasmEdge_MemoryInstanceGetPageSize(const WasmEdge_MemoryInstanceContext *Cxt);
WASMEDGE_CAPI_EXPORT extern WasmEdge_Result
WasmEdge_MemoryInstanceGrowPage(WasmEdge_MemoryInstanceContext *Cxt, const uint32_t Page);

/* ---- Implemented by plug-ins ------------------------------------------ */

WASMEDGE_CAPI_PLUGIN_EXPORT extern const WasmEdge_PluginDescriptor *
WasmEdge_Plugin_GetDescriptor(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASMEDGE_C_API_H */
