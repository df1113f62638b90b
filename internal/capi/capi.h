/* Host-side layouts behind the opaque WasmEdge_* context pointers that
 * PureEdge hands to C plug-ins, and the C helpers the Go side calls. */
#ifndef PUREEDGE_CAPI_H
#define PUREEDGE_CAPI_H

#include <stdint.h>
#include <wasmedge/wasmedge.h>

/* Every context starts with one of these, so that API functions can reject
 * a pointer of the wrong kind instead of misreading it. */
enum {
  PE_MAGIC_FUNCTYPE = 0x50454654, /* "PEFT" */
  PE_MAGIC_FUNCTION = 0x50454649, /* "PEFI" */
  PE_MAGIC_MODULE = 0x5045494D,   /* "PEIM" */
  PE_MAGIC_MEMORY = 0x50454D49,   /* "PEMI" */
  PE_MAGIC_FRAME = 0x50454346,    /* "PECF" */
  PE_MAGIC_EXECUTOR = 0x50454558, /* "PEEX" */
  PE_MAGIC_DEAD = 0x50454444      /* "PEDD": freed */
};

/* wazero's value type codes (api.ValueType). */
enum {
  PE_I32 = 0x7F,
  PE_I64 = 0x7E,
  PE_F32 = 0x7D,
  PE_F64 = 0x7C,
  PE_V128 = 0x7B,
  PE_FUNCREF = 0x70,
  PE_EXTERNREF = 0x6F
};

typedef struct pe_functype {
  uint32_t magic;
  uint32_t np, nr;         /* parameter and result counts */
  uint32_t pslots, rslots; /* uint64 stack slots they take in wazero */
  WasmEdge_ValType *p, *r; /* the types as given */
  uint8_t *pc, *rc;        /* wazero type codes; 0 = not representable */
  uint32_t inner;          /* part of a function instance: not deletable */
} pe_functype;

enum { PE_FN_HOST = 0, PE_FN_GUEST = 1 };

typedef struct pe_function {
  uint32_t magic;
  uint32_t kind;  /* PE_FN_HOST or PE_FN_GUEST */
  uint32_t refs;  /* modules owning it (host functions) */
  pe_functype *type;
  WasmEdge_HostFunc_t fn;
  WasmEdge_WrapFunc_t wrap;
  void *binding;
  void *data;
  uint64_t cost;
  /* guest functions: the export name and the frame they belong to */
  char *name;
  uint32_t name_len;
  struct pe_frame *frame;
  struct pe_function *next; /* the frame's list of guest functions */
} pe_function;

typedef struct pe_memory {
  uint32_t magic;
  uint32_t has;   /* the caller has a memory */
  uint8_t *base;  /* its bytes (NULL when empty) */
  uint64_t len;
  uintptr_t call; /* Go call state (cgo.Handle) */
} pe_memory;

enum { PE_MOD_HOST = 0, PE_MOD_CALLER = 1 };

typedef struct pe_module {
  uint32_t magic;
  uint32_t kind;     /* PE_MOD_HOST or PE_MOD_CALLER */
  uintptr_t handle;  /* Go module state (cgo.Handle); 0 for a caller view */
  void *host_data;
  void (*finalizer)(void *);
  char *name;
  uint32_t name_len;
  uint32_t finalized;
  struct pe_frame *frame; /* caller views */
} pe_module;

typedef struct pe_executor {
  uint32_t magic;
  struct pe_frame *frame;
} pe_executor;

/* A calling frame lives on the C stack for the duration of one host call. */
typedef struct pe_frame {
  uint32_t magic;
  pe_memory mem;
  pe_module caller;
  pe_executor exec;
  uintptr_t call;
  pe_function *guests; /* guest function contexts made during the call */
  uint32_t hascaller;  /* 0 when the host invoked the function itself */
} pe_frame;

/* C helpers called from Go; hidden from plug-ins. */
#pragma GCC visibility push(hidden)
/* flags: PE_INVOKE_HASMEM, PE_INVOKE_HASCALLER */
#define PE_INVOKE_HASMEM 1u
#define PE_INVOKE_HASCALLER 2u
uint32_t pe_invoke(const pe_function *f, uint8_t *base, uint64_t len, uint32_t flags,
                   uint64_t *stack, uintptr_t call);
void *pe_dlopen(const char *path, char **err);
void *pe_dlsym(void *h, const char *name);
void pe_dlclose(void *h);
const WasmEdge_PluginDescriptor *pe_get_descriptor(void *sym);
WasmEdge_ModuleInstanceContext *pe_create(const WasmEdge_ModuleDescriptor *d);
void pe_module_release(pe_module *m);
void pe_function_unref(pe_function *f);
pe_function *pe_guest_function(pe_frame *fr, const char *name, uint32_t len,
                               uint32_t np, const uint8_t *pc, uint32_t nr,
                               const uint8_t *rc);
#pragma GCC visibility pop

#endif /* PUREEDGE_CAPI_H */
