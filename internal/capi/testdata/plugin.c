/* A WasmEdge C plug-in for PureEdge's tests. Build it WITHOUT linking
 * anything; the WasmEdge_* symbols are resolved from the host process:
 *   gcc -shared -fPIC -I<pureedge>/include -o libpureedge_test_c.so plugin.c
 *
 * Plug-in "pureedge_test_c", two modules:
 *   "math" (instance "math"): add/sub with host data and a finalizer, value
 *     conversions (i64/f32/f64, v128, externref) and a self-test of the
 *     stateless C API;
 *   "text" (instance "pureedge_text"): functions on the caller's memory, the
 *     options, traps and termination, and calls back into the guest.
 * Options: --greeting (String, default "hello"), --negate (Toggle),
 * --bias (Int32, default 7), --ratio (Double, default 1.5). Modules read
 * them when they are created. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasmedge/wasmedge.h>

/* ---- Options ---------------------------------------------------------- */

static WasmEdge_String Greeting;
static const WasmEdge_String GreetingDefault = {5, "hello"};
static bool Negate;
static int32_t Bias;
static const int32_t BiasDefault = 7;
static double Ratio = 1.0;
static const double RatioDefault = 1.5;

static WasmEdge_ProgramOption Options[] = {
    {.Name = "greeting", .Description = "the greeting", .Type = WasmEdge_ProgramOptionType_String,
     .Storage = &Greeting, .DefaultValue = &GreetingDefault},
    {.Name = "negate", .Description = "negate sums", .Type = WasmEdge_ProgramOptionType_Toggle,
     .Storage = &Negate, .DefaultValue = NULL},
    {.Name = "bias", .Description = "added to sums", .Type = WasmEdge_ProgramOptionType_Int32,
     .Storage = &Bias, .DefaultValue = &BiasDefault},
    {.Name = "ratio", .Description = "a ratio", .Type = WasmEdge_ProgramOptionType_Double,
     .Storage = &Ratio, .DefaultValue = &RatioDefault},
    {.Name = "ignored", .Description = "type None: not an option",
     .Type = WasmEdge_ProgramOptionType_None, .Storage = NULL, .DefaultValue = NULL},
};

/* Module instances finalized so far. */
static int Finalized;

/* ---- Module "math" ---------------------------------------------------- */

typedef struct MathData {
  int32_t bias;
  bool negate;
} MathData;

static void MathFinalize(void *Data) {
  free(Data);
  Finalized++;
}

static int32_t sum(const MathData *d, int32_t v) { return d->negate ? -(v + d->bias) : v + d->bias; }

static WasmEdge_Result Add(void *Data, const WasmEdge_CallingFrameContext *Frame,
                           const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Frame;
  Out[0] = WasmEdge_ValueGenI32(sum((const MathData *)Data, WasmEdge_ValueGetI32(In[0]) +
                                                                WasmEdge_ValueGetI32(In[1])));
  return WasmEdge_Result_Success;
}

/* say() -> i32: prints a line with printf (left in C's buffer when stdout
 * is a pipe); returns 1 when called by the host itself: no calling module,
 * no memory. */
static WasmEdge_Result Say(void *Data, const WasmEdge_CallingFrameContext *Frame,
                           const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  (void)In;
  printf("hello from C\n");
  int byHost = WasmEdge_CallingFrameGetModuleInstance(Frame) == NULL &&
               WasmEdge_CallingFrameGetMemoryInstance(Frame, 0) == NULL;
  Out[0] = WasmEdge_ValueGenI32(byHost);
  return WasmEdge_Result_Success;
}

#define SUB_BINDING ((void *)0x5eb)

/* Made with WasmEdge_FunctionInstanceCreateBinding. */
static WasmEdge_Result Sub(void *This, void *Data, const WasmEdge_CallingFrameContext *Frame,
                           const WasmEdge_Value *In, const uint32_t InLen, WasmEdge_Value *Out,
                           const uint32_t OutLen) {
  (void)Frame;
  if (This != SUB_BINDING || InLen != 2 || OutLen != 1) return WasmEdge_Result_Fail;
  Out[0] = WasmEdge_ValueGenI32(sum((const MathData *)Data, WasmEdge_ValueGetI32(In[0]) -
                                                                WasmEdge_ValueGetI32(In[1])));
  return WasmEdge_Result_Success;
}

/* mix(a i64, b f32, c f64) -> f64 = a + b*c */
static WasmEdge_Result Mix(void *Data, const WasmEdge_CallingFrameContext *Frame,
                           const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  (void)Frame;
  if (!WasmEdge_ValTypeIsI64(In[0].Type) || !WasmEdge_ValTypeIsF32(In[1].Type) ||
      !WasmEdge_ValTypeIsF64(In[2].Type) || !WasmEdge_ValTypeIsF64(Out[0].Type))
    return WasmEdge_Result_Fail;
  Out[0] = WasmEdge_ValueGenF64((double)WasmEdge_ValueGetI64(In[0]) +
                                (double)WasmEdge_ValueGetF32(In[1]) * WasmEdge_ValueGetF64(In[2]));
  return WasmEdge_Result_Success;
}

/* swap(v v128) -> v128: exchanges the 64-bit halves */
static WasmEdge_Result Swap(void *Data, const WasmEdge_CallingFrameContext *Frame,
                            const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  (void)Frame;
  uint128_t v = (uint128_t)WasmEdge_ValueGetV128(In[0]);
  uint128_t s = (v << 64) | (v >> 64);
  Out[0] = WasmEdge_ValueGenV128((int128_t)s);
  return WasmEdge_Result_Success;
}

/* ref_roundtrip(r externref) -> externref: the pointer plus one */
static WasmEdge_Result RefRoundtrip(void *Data, const WasmEdge_CallingFrameContext *Frame,
                                    const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  (void)Frame;
  if (!WasmEdge_ValTypeIsExternRef(In[0].Type)) return WasmEdge_Result_Fail;
  if (WasmEdge_ValueIsNullRef(In[0])) {
    Out[0] = WasmEdge_ValueGenNullRef(WasmEdge_ValTypeGenExternRef());
    return WasmEdge_Result_Success;
  }
  Out[0] = WasmEdge_ValueGenExternRef((char *)WasmEdge_ValueGetExternRef(In[0]) + 1);
  return WasmEdge_Result_Success;
}

/* ref_isnull(r externref) -> i32 */
static WasmEdge_Result RefIsNull(void *Data, const WasmEdge_CallingFrameContext *Frame,
                                 const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  (void)Frame;
  Out[0] = WasmEdge_ValueGenI32(WasmEdge_ValueIsNullRef(In[0]) ? 1 : 0);
  return WasmEdge_Result_Success;
}

/* selftest() -> i32: 0, or the number of the first failed check of the
 * stateless C API. */
static WasmEdge_Result SelfTest(void *Data, const WasmEdge_CallingFrameContext *Frame,
                                const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  (void)In;
  int n = 0;
#define CHECK(c)                                                                              \
  do {                                                                                        \
    n++;                                                                                      \
    if (!(c)) {                                                                               \
      Out[0] = WasmEdge_ValueGenI32(n);                                                      \
      return WasmEdge_Result_Success;                                                         \
    }                                                                                         \
  } while (0)
  /* layouts (1-6) */
  CHECK(sizeof(WasmEdge_Value) == 32 && _Alignof(WasmEdge_Value) == 16);
  CHECK(sizeof(WasmEdge_ValType) == 8 && sizeof(WasmEdge_String) == 16);
  CHECK(sizeof(WasmEdge_Limit) == 12 && sizeof(WasmEdge_Result) == 4);
  CHECK(sizeof(WasmEdge_PluginDescriptor) == 64 && sizeof(WasmEdge_ProgramOption) == 40);
  CHECK(sizeof(WasmEdge_ModuleDescriptor) == 24 && sizeof(WasmEdge_PluginVersionData) == 16);
  CHECK(__builtin_offsetof(WasmEdge_PluginDescriptor, ModuleDescriptions) == 48);
  /* value types (7-12) */
  WasmEdge_ValType i32 = WasmEdge_ValTypeGenI32();
  static const uint8_t i32bytes[8] = {0, 0, 0x7F, 0x40, 0, 0, 0, 0};
  static const uint8_t frbytes[8] = {0, 0, 0x63, 0x70, 0, 0, 0, 0};
  CHECK(memcmp(i32.Data, i32bytes, 8) == 0);
  CHECK(memcmp(WasmEdge_ValTypeGenFuncRef().Data, frbytes, 8) == 0);
  CHECK(WasmEdge_ValTypeIsEqual(i32, WasmEdge_ValTypeGenI32()) &&
        !WasmEdge_ValTypeIsEqual(i32, WasmEdge_ValTypeGenI64()));
  CHECK(WasmEdge_ValTypeIsRef(WasmEdge_ValTypeGenExternRef()) &&
        WasmEdge_ValTypeIsRefNull(WasmEdge_ValTypeGenFuncRef()) && !WasmEdge_ValTypeIsRef(i32));
  CHECK(WasmEdge_ValTypeIsFuncRef(WasmEdge_ValTypeGenFuncRef()) &&
        !WasmEdge_ValTypeIsExternRef(WasmEdge_ValTypeGenFuncRef()));
  CHECK(WasmEdge_ValTypeIsV128(WasmEdge_ValTypeGenV128()) &&
        WasmEdge_ValTypeIsF32(WasmEdge_ValTypeGenF32()));
  /* values (13-17) */
  CHECK(WasmEdge_ValueGetI32(WasmEdge_ValueGenI32(-5)) == -5);
  CHECK(WasmEdge_ValueGetI64(WasmEdge_ValueGenI64(-1099511627776LL)) == -1099511627776LL);
  CHECK(WasmEdge_ValueGetF32(WasmEdge_ValueGenF32(2.5f)) == 2.5f &&
        WasmEdge_ValueGetF64(WasmEdge_ValueGenF64(-0.125)) == -0.125);
  int x;
  CHECK(WasmEdge_ValueGetExternRef(WasmEdge_ValueGenExternRef(&x)) == &x &&
        !WasmEdge_ValueIsNullRef(WasmEdge_ValueGenExternRef(&x)));
  CHECK(WasmEdge_ValueIsNullRef(WasmEdge_ValueGenNullRef(WasmEdge_ValTypeGenFuncRef())) &&
        WasmEdge_ValueGetFuncRef(WasmEdge_ValueGenNullRef(WasmEdge_ValTypeGenFuncRef())) == NULL);
  /* strings (18-21) */
  WasmEdge_String a = WasmEdge_StringCreateByCString("abc");
  WasmEdge_String b = WasmEdge_StringWrap("abcdef", 3);
  CHECK(a.Length == 3 && WasmEdge_StringIsEqual(a, b));
  char buf[5] = {'x', 'x', 'x', 'x', 'x'};
  CHECK(WasmEdge_StringCopy(a, buf, 5) == 3 && memcmp(buf, "abc\0\0", 5) == 0);
  WasmEdge_StringDelete(a);
  WasmEdge_String c = WasmEdge_StringCreateByBuffer("xyz", 2);
  CHECK(c.Length == 2 && c.Buf[0] == 'x' && !WasmEdge_StringIsEqual(c, b));
  WasmEdge_StringDelete(c);
  WasmEdge_Bytes by = WasmEdge_BytesCreate((const uint8_t *)"\x01\x02", 2);
  CHECK(by.Length == 2 && by.Buf[1] == 2);
  WasmEdge_BytesDelete(by);
  /* results (22-26) */
  WasmEdge_Result r = WasmEdge_ResultGen(WasmEdge_ErrCategory_UserLevelError, 0x1234);
  CHECK(r.Code == 0x01001234 && WasmEdge_ResultGetCode(r) == 0x1234 &&
        WasmEdge_ResultGetCategory(r) == WasmEdge_ErrCategory_UserLevelError);
  CHECK(WasmEdge_ResultOK(WasmEdge_Result_Success) && WasmEdge_ResultOK(WasmEdge_Result_Terminate) &&
        !WasmEdge_ResultOK(WasmEdge_Result_Fail) && !WasmEdge_ResultOK(r));
  CHECK(strcmp(WasmEdge_ResultGetMessage(WasmEdge_ResultGen(WasmEdge_ErrCategory_WASM,
                                                            WasmEdge_ErrCode_MemoryOutOfBounds)),
               "out of bounds memory access") == 0);
  CHECK(strcmp(WasmEdge_ResultGetMessage(r), "user defined error code") == 0);
  WasmEdge_Limit l1 = {.HasMax = true, .Shared = false, .Min = 1, .Max = 2}, l2 = l1;
  CHECK(WasmEdge_LimitIsEqual(l1, l2) && (l2.Max = 3, !WasmEdge_LimitIsEqual(l1, l2)));
  /* versions (27) */
  CHECK(strcmp(WasmEdge_VersionGet(), "0.14.1") == 0 && WasmEdge_VersionGetMinor() == 14 &&
        WasmEdge_Plugin_CurrentAPIVersion == 4);
  /* function types (28-29) */
  WasmEdge_ValType P[3] = {WasmEdge_ValTypeGenI64(), WasmEdge_ValTypeGenF32(), WasmEdge_ValTypeGenV128()};
  WasmEdge_FunctionTypeContext *T = WasmEdge_FunctionTypeCreate(P, 3, NULL, 0);
  WasmEdge_ValType Q[3];
  CHECK(WasmEdge_FunctionTypeGetParametersLength(T) == 3 &&
        WasmEdge_FunctionTypeGetReturnsLength(T) == 0 &&
        WasmEdge_FunctionTypeGetParameters(T, Q, 2) == 3 && WasmEdge_ValTypeIsF32(Q[1]));
  WasmEdge_FunctionTypeDelete(T);
  /* the calling frame (29-30) */
  const WasmEdge_ModuleInstanceContext *Caller = WasmEdge_CallingFrameGetModuleInstance(Frame);
  CHECK(Caller && WasmEdge_CallingFrameGetExecutor(Frame) &&
        WasmEdge_ModuleInstanceGetHostData(Caller) == NULL);
  CHECK(WasmEdge_CallingFrameGetMemoryInstance(Frame, 1) == NULL &&
        WasmEdge_CallingFrameGetMemoryInstance(NULL, 0) == NULL);
#undef CHECK
  Out[0] = WasmEdge_ValueGenI32(0);
  return WasmEdge_Result_Success;
}

static WasmEdge_FunctionTypeContext *ftype(int np, const WasmEdge_ValType *p, int nr,
                                           const WasmEdge_ValType *r) {
  return WasmEdge_FunctionTypeCreate(p, (uint32_t)np, r, (uint32_t)nr);
}

static void add_func(WasmEdge_ModuleInstanceContext *Mod, const char *Name,
                     WasmEdge_FunctionInstanceContext *F) {
  WasmEdge_String N = WasmEdge_StringCreateByCString(Name);
  WasmEdge_ModuleInstanceAddFunction(Mod, N, F);
  WasmEdge_StringDelete(N);
}

static void add_host(WasmEdge_ModuleInstanceContext *Mod, const char *Name, WasmEdge_HostFunc_t Fn,
                     void *Data, int np, const WasmEdge_ValType *p, int nr,
                     const WasmEdge_ValType *r) {
  WasmEdge_FunctionTypeContext *T = ftype(np, p, nr, r);
  WasmEdge_FunctionInstanceContext *F = WasmEdge_FunctionInstanceCreate(T, Fn, Data, 0);
  WasmEdge_FunctionTypeDelete(T); /* allowed: the instance copied it */
  add_func(Mod, Name, F);
}

static WasmEdge_ModuleInstanceContext *CreateMath(const WasmEdge_ModuleDescriptor *Desc) {
  MathData *d = (MathData *)malloc(sizeof *d);
  d->bias = Bias;
  d->negate = Negate;
  WasmEdge_String Name = WasmEdge_StringCreateByCString(Desc->Name); /* "math" */
  WasmEdge_ModuleInstanceContext *Mod = WasmEdge_ModuleInstanceCreateWithData(Name, d, MathFinalize);
  WasmEdge_StringDelete(Name);
  if (WasmEdge_ModuleInstanceGetHostData(Mod) != d) return NULL;

  WasmEdge_ValType I32 = WasmEdge_ValTypeGenI32();
  WasmEdge_ValType II[2] = {I32, I32};
  add_host(Mod, "add", Add, d, 2, II, 1, &I32);

  WasmEdge_FunctionTypeContext *T = ftype(2, II, 1, &I32);
  add_func(Mod, "sub", WasmEdge_FunctionInstanceCreateBinding(T, Sub, SUB_BINDING, d, 0));
  WasmEdge_FunctionTypeDelete(T);

  WasmEdge_ValType MixP[3] = {WasmEdge_ValTypeGenI64(), WasmEdge_ValTypeGenF32(),
                              WasmEdge_ValTypeGenF64()};
  WasmEdge_ValType F64 = WasmEdge_ValTypeGenF64();
  add_host(Mod, "mix", Mix, NULL, 3, MixP, 1, &F64);
  WasmEdge_ValType V128 = WasmEdge_ValTypeGenV128();
  add_host(Mod, "swap", Swap, NULL, 1, &V128, 1, &V128);
  WasmEdge_ValType Ext = WasmEdge_ValTypeGenExternRef();
  add_host(Mod, "ref_roundtrip", RefRoundtrip, NULL, 1, &Ext, 1, &Ext);
  add_host(Mod, "ref_isnull", RefIsNull, NULL, 1, &Ext, 1, &I32);
  add_host(Mod, "selftest", SelfTest, NULL, 0, NULL, 1, &I32);

  /* The module answers for its functions. */
  WasmEdge_String Names[16];
  uint32_t N = WasmEdge_ModuleInstanceListFunction(Mod, Names, 16);
  if (N != 7 || WasmEdge_ModuleInstanceListFunctionLength(Mod) != 7) return NULL;
  if (Names[0].Length != 3 || memcmp(Names[0].Buf, "add", 3) != 0) return NULL; /* sorted */
  WasmEdge_FunctionInstanceContext *F =
      WasmEdge_ModuleInstanceFindFunction(Mod, WasmEdge_StringWrap("sub", 3));
  if (!F || WasmEdge_FunctionInstanceGetData(F) != d) return NULL;
  if (WasmEdge_FunctionTypeGetParametersLength(WasmEdge_FunctionInstanceGetFunctionType(F)) != 2)
    return NULL;
  if (WasmEdge_ModuleInstanceFindFunction(Mod, WasmEdge_StringWrap("nope", 4)) != NULL) return NULL;
  WasmEdge_String MN = WasmEdge_ModuleInstanceGetModuleName(Mod);
  if (MN.Length != 4 || memcmp(MN.Buf, "math", 4) != 0) return NULL;
  return Mod;
}

/* ---- Module "text" ---------------------------------------------------- */

typedef struct TextData {
  char *greeting;
  uint32_t len;
  double ratio;
} TextData;

static void TextFinalize(void *Data) {
  TextData *t = (TextData *)Data;
  free(t->greeting);
  free(t);
  Finalized++;
}

static WasmEdge_MemoryInstanceContext *memory(const WasmEdge_CallingFrameContext *Frame) {
  return WasmEdge_CallingFrameGetMemoryInstance(Frame, 0);
}

/* checksum(ptr, len) -> i32: FNV-1a of guest memory [ptr, ptr+len) */
static WasmEdge_Result Checksum(void *Data, const WasmEdge_CallingFrameContext *Frame,
                                const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  uint32_t ptr = (uint32_t)WasmEdge_ValueGetI32(In[0]), len = (uint32_t)WasmEdge_ValueGetI32(In[1]);
  WasmEdge_MemoryInstanceContext *Mem = memory(Frame);
  const uint8_t *p = Mem ? WasmEdge_MemoryInstanceGetPointerConst(Mem, ptr, len) : NULL;
  if (!p) return WasmEdge_Result_Fail;
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < len; i++) h = (h ^ p[i]) * 16777619u;
  Out[0] = WasmEdge_ValueGenI32((int32_t)h);
  return WasmEdge_Result_Success;
}

static WasmEdge_Result GreetingLen(void *Data, const WasmEdge_CallingFrameContext *Frame,
                                   const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Frame;
  (void)In;
  Out[0] = WasmEdge_ValueGenI32((int32_t)((TextData *)Data)->len);
  return WasmEdge_Result_Success;
}

/* write_greeting(ptr) -> i32: stores the greeting at ptr, returns its length */
static WasmEdge_Result WriteGreeting(void *Data, const WasmEdge_CallingFrameContext *Frame,
                                     const WasmEdge_Value *In, WasmEdge_Value *Out) {
  TextData *t = (TextData *)Data;
  WasmEdge_Result r = WasmEdge_MemoryInstanceSetData(
      memory(Frame), (const uint8_t *)t->greeting, (uint32_t)WasmEdge_ValueGetI32(In[0]), t->len);
  if (!WasmEdge_ResultOK(r)) return r;
  Out[0] = WasmEdge_ValueGenI32((int32_t)t->len);
  return WasmEdge_Result_Success;
}

/* copy(src, dst, len) -> i32: GetData then SetData; returns len */
static WasmEdge_Result Copy(void *Data, const WasmEdge_CallingFrameContext *Frame,
                            const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  uint8_t buf[256];
  uint32_t len = (uint32_t)WasmEdge_ValueGetI32(In[2]);
  if (len > sizeof buf) return WasmEdge_Result_Fail;
  WasmEdge_MemoryInstanceContext *Mem = memory(Frame);
  WasmEdge_Result r = WasmEdge_MemoryInstanceGetData(Mem, buf, (uint32_t)WasmEdge_ValueGetI32(In[0]), len);
  if (!WasmEdge_ResultOK(r)) return r;
  r = WasmEdge_MemoryInstanceSetData(Mem, buf, (uint32_t)WasmEdge_ValueGetI32(In[1]), len);
  if (!WasmEdge_ResultOK(r)) return r;
  Out[0] = WasmEdge_ValueGenI32((int32_t)len);
  return WasmEdge_Result_Success;
}

/* grow(pages) -> i32: grows the caller's memory, writes 0xAB to its last
 * byte and returns the new page count (-1 if it cannot grow) */
static WasmEdge_Result Grow(void *Data, const WasmEdge_CallingFrameContext *Frame,
                            const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  WasmEdge_MemoryInstanceContext *Mem = memory(Frame);
  WasmEdge_Result r = WasmEdge_MemoryInstanceGrowPage(Mem, (uint32_t)WasmEdge_ValueGetI32(In[0]));
  if (!WasmEdge_ResultOK(r)) {
    Out[0] = WasmEdge_ValueGenI32(-1);
    return WasmEdge_Result_Success;
  }
  uint32_t pages = WasmEdge_MemoryInstanceGetPageSize(Mem);
  uint8_t *last = WasmEdge_MemoryInstanceGetPointer(Mem, pages * 65536u - 1, 1);
  if (!last || WasmEdge_MemoryInstanceGetPointer(Mem, pages * 65536u, 1) != NULL)
    return WasmEdge_Result_Fail;
  *last = 0xAB;
  Out[0] = WasmEdge_ValueGenI32((int32_t)pages);
  return WasmEdge_Result_Success;
}

static WasmEdge_Result FinalizedCount(void *Data, const WasmEdge_CallingFrameContext *Frame,
                                      const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  (void)Frame;
  (void)In;
  Out[0] = WasmEdge_ValueGenI32(Finalized);
  return WasmEdge_Result_Success;
}

static WasmEdge_Result Fail(void *Data, const WasmEdge_CallingFrameContext *Frame,
                            const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  (void)Frame;
  (void)In;
  (void)Out;
  return WasmEdge_ResultGen(WasmEdge_ErrCategory_UserLevelError, 0x1234);
}

static WasmEdge_Result Terminate(void *Data, const WasmEdge_CallingFrameContext *Frame,
                                 const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  (void)Frame;
  (void)In;
  (void)Out;
  return WasmEdge_Result_Terminate;
}

/* call_guest(x) -> i32: the caller's export "double"(x) + 1, through the
 * calling frame's executor */
static WasmEdge_Result CallGuest(void *Data, const WasmEdge_CallingFrameContext *Frame,
                                 const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  const WasmEdge_ModuleInstanceContext *Caller = WasmEdge_CallingFrameGetModuleInstance(Frame);
  if (!WasmEdge_ModuleInstanceFindMemory(Caller, WasmEdge_StringWrap("memory", 6)) ||
      WasmEdge_ModuleInstanceFindMemory(Caller, WasmEdge_StringWrap("nope", 4)))
    return WasmEdge_Result_Fail;
  WasmEdge_FunctionInstanceContext *F =
      WasmEdge_ModuleInstanceFindFunction(Caller, WasmEdge_StringWrap("double", 6));
  if (!F || WasmEdge_ModuleInstanceFindFunction(Caller, WasmEdge_StringWrap("nope", 4)))
    return WasmEdge_Result_Fail;
  const WasmEdge_FunctionTypeContext *T = WasmEdge_FunctionInstanceGetFunctionType(F);
  if (WasmEdge_FunctionTypeGetParametersLength(T) != 1 || WasmEdge_FunctionTypeGetReturnsLength(T) != 1)
    return WasmEdge_Result_Fail;
  WasmEdge_Value R[1];
  WasmEdge_Result r = WasmEdge_ExecutorInvoke(WasmEdge_CallingFrameGetExecutor(Frame), F, In, 1, R, 1);
  if (!WasmEdge_ResultOK(r)) return r;
  /* a wrong signature is refused */
  WasmEdge_Value Bad = WasmEdge_ValueGenI64(1);
  if (WasmEdge_ExecutorInvoke(WasmEdge_CallingFrameGetExecutor(Frame), F, &Bad, 1, R, 1).Code !=
      WasmEdge_ErrCode_FuncSigMismatch)
    return WasmEdge_Result_Fail;
  Out[0] = WasmEdge_ValueGenI32(WasmEdge_ValueGetI32(R[0]) + 1);
  return WasmEdge_Result_Success;
}

/* call_guest_grow() -> i32: the caller's export "grow_guest" grows its
 * memory by a page; returns the page count the memory instance then
 * reports, after writing to the new page */
static WasmEdge_Result CallGuestGrow(void *Data, const WasmEdge_CallingFrameContext *Frame,
                                     const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  (void)In;
  const WasmEdge_ModuleInstanceContext *Caller = WasmEdge_CallingFrameGetModuleInstance(Frame);
  WasmEdge_FunctionInstanceContext *F =
      WasmEdge_ModuleInstanceFindFunction(Caller, WasmEdge_StringWrap("grow_guest", 10));
  WasmEdge_Value R[1];
  WasmEdge_Result r = WasmEdge_ExecutorInvoke(WasmEdge_CallingFrameGetExecutor(Frame), F, NULL, 0, R, 1);
  if (!WasmEdge_ResultOK(r)) return r;
  WasmEdge_MemoryInstanceContext *Mem = memory(Frame);
  uint32_t pages = WasmEdge_MemoryInstanceGetPageSize(Mem);
  uint8_t *last = WasmEdge_MemoryInstanceGetPointer(Mem, pages * 65536u - 1, 1);
  if (!last) return WasmEdge_Result_Fail;
  *last = 0xCD;
  Out[0] = WasmEdge_ValueGenI32((int32_t)pages);
  return WasmEdge_Result_Success;
}

/* call_guest_trap() -> (): invokes the caller's "trap" export and passes
 * its result on */
static WasmEdge_Result CallGuestTrap(void *Data, const WasmEdge_CallingFrameContext *Frame,
                                     const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  (void)In;
  (void)Out;
  const WasmEdge_ModuleInstanceContext *Caller = WasmEdge_CallingFrameGetModuleInstance(Frame);
  WasmEdge_FunctionInstanceContext *F =
      WasmEdge_ModuleInstanceFindFunction(Caller, WasmEdge_StringWrap("trap", 4));
  return WasmEdge_ExecutorInvoke(WasmEdge_CallingFrameGetExecutor(Frame), F, NULL, 0, NULL, 0);
}

/* set_log(level) -> (): 0 debug, 2 error, 3 off */
static WasmEdge_Result SetLog(void *Data, const WasmEdge_CallingFrameContext *Frame,
                              const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Data;
  (void)Frame;
  (void)Out;
  switch (WasmEdge_ValueGetI32(In[0])) {
  case 0: WasmEdge_LogSetDebugLevel(); break;
  case 2: WasmEdge_LogSetErrorLevel(); break;
  case 3: WasmEdge_LogOff(); break;
  default: return WasmEdge_Result_Fail;
  }
  return WasmEdge_Result_Success;
}

static WasmEdge_Result RatioValue(void *Data, const WasmEdge_CallingFrameContext *Frame,
                                  const WasmEdge_Value *In, WasmEdge_Value *Out) {
  (void)Frame;
  (void)In;
  Out[0] = WasmEdge_ValueGenF64(((TextData *)Data)->ratio);
  return WasmEdge_Result_Success;
}

static WasmEdge_ModuleInstanceContext *CreateText(const WasmEdge_ModuleDescriptor *Desc) {
  (void)Desc;
  TextData *t = (TextData *)malloc(sizeof *t);
  t->len = Greeting.Length;
  t->greeting = (char *)malloc(t->len ? t->len : 1);
  if (t->len) memcpy(t->greeting, Greeting.Buf, t->len);
  t->ratio = Ratio;
  /* The instance name differs from the descriptor name. */
  WasmEdge_ModuleInstanceContext *Mod =
      WasmEdge_ModuleInstanceCreateWithData(WasmEdge_StringWrap("pureedge_text", 13), t, TextFinalize);

  WasmEdge_ValType I32 = WasmEdge_ValTypeGenI32(), F64 = WasmEdge_ValTypeGenF64();
  WasmEdge_ValType III[3] = {I32, I32, I32};
  add_host(Mod, "checksum", Checksum, t, 2, III, 1, &I32);
  add_host(Mod, "greeting_len", GreetingLen, t, 0, NULL, 1, &I32);
  add_host(Mod, "write_greeting", WriteGreeting, t, 1, III, 1, &I32);
  add_host(Mod, "copy", Copy, t, 3, III, 1, &I32);
  add_host(Mod, "grow", Grow, t, 1, III, 1, &I32);
  add_host(Mod, "finalized", FinalizedCount, t, 0, NULL, 1, &I32);
  add_host(Mod, "fail", Fail, t, 0, NULL, 0, NULL);
  add_host(Mod, "terminate", Terminate, t, 0, NULL, 0, NULL);
  add_host(Mod, "call_guest", CallGuest, t, 1, III, 1, &I32);
  add_host(Mod, "call_guest_grow", CallGuestGrow, t, 0, NULL, 1, &I32);
  add_host(Mod, "call_guest_trap", CallGuestTrap, t, 0, NULL, 0, NULL);
  add_host(Mod, "ratio", RatioValue, t, 0, NULL, 1, &F64);
  add_host(Mod, "set_log", SetLog, t, 1, III, 0, NULL);
  add_host(Mod, "say", Say, t, 0, NULL, 1, &I32);
  return Mod;
}

/* ---- Modules that fail ------------------------------------------------ */

static WasmEdge_ModuleInstanceContext *CreateNull(const WasmEdge_ModuleDescriptor *Desc) {
  (void)Desc;
  return NULL;
}

/* A module with a function of a type PureEdge cannot pass (a typed
 * function reference). */
static WasmEdge_ModuleInstanceContext *CreateOdd(const WasmEdge_ModuleDescriptor *Desc) {
  WasmEdge_ModuleInstanceContext *Mod =
      WasmEdge_ModuleInstanceCreate(WasmEdge_StringWrap(Desc->Name, (uint32_t)strlen(Desc->Name)));
  WasmEdge_ValType Odd = WasmEdge_ValTypeGenI32();
  Odd.Data[2] = 0x64; /* (ref 5) */
  Odd.Data[3] = 0x00;
  Odd.Data[4] = 5;
  add_host(Mod, "odd", RefIsNull, NULL, 1, &Odd, 0, NULL);
  return Mod;
}

/* ---- Descriptor ------------------------------------------------------- */

static WasmEdge_ModuleDescriptor Modules[] = {
    {.Name = "math", .Description = "arithmetic", .Create = CreateMath},
    {.Name = "text", .Description = "guest memory", .Create = CreateText},
    {.Name = "null", .Description = "Create returns NULL", .Create = CreateNull},
    {.Name = "odd", .Description = "an unsupported value type", .Create = CreateOdd},
};

static WasmEdge_PluginDescriptor Descriptor = {
    .Name = "pureedge_test_c",
    .Description = "PureEdge's C plug-in test",
    .APIVersion = WasmEdge_Plugin_CurrentAPIVersion,
    .Version = {.Major = 0, .Minor = 10, .Patch = 1, .Build = 2},
    .ModuleCount = sizeof Modules / sizeof Modules[0],
    .ProgramOptionCount = sizeof Options / sizeof Options[0],
    .ModuleDescriptions = Modules,
    .ProgramOptions = Options,
};

WASMEDGE_CAPI_PLUGIN_EXPORT const WasmEdge_PluginDescriptor *WasmEdge_Plugin_GetDescriptor(void) {
  return &Descriptor;
}
