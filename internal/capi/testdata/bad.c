/* Libraries that are not loadable WasmEdge C plug-ins, one per variant:
 *   -DNO_DESCRIPTOR  a library without WasmEdge_Plugin_GetDescriptor
 *   -DAPI_VERSION=N  a plug-in built for plug-in API version N
 *   -DCALLS_MEMORY   with a host function calling WasmEdge_MemoryInstanceGetPointer
 *   -DUNIMPLEMENTED  a plug-in calling a C API function PureEdge lacks
 *   -DCXX            a library like a WasmEdge C++ plug-in
 *   -DNULL_DESCRIPTOR WasmEdge_Plugin_GetDescriptor returns NULL */
#include <stddef.h>
#include <wasmedge/wasmedge.h>

#if defined(NO_DESCRIPTOR)
int pureedge_test_not_a_plugin(void) { return 42; }

#elif defined(CXX)
/* WasmEdge::Plugin::Plugin::registerPlugin(...), from WasmEdge's C++ side */
extern int _ZN8WasmEdge6Plugin6Plugin14registerPluginEPKNS1_16PluginDescriptorE(const void *);
int GetDescriptor(void) { return _ZN8WasmEdge6Plugin6Plugin14registerPluginEPKNS1_16PluginDescriptorE(NULL); }

#elif defined(NULL_DESCRIPTOR)
WASMEDGE_CAPI_PLUGIN_EXPORT const WasmEdge_PluginDescriptor *WasmEdge_Plugin_GetDescriptor(void) {
  return NULL;
}

#else
#ifdef UNIMPLEMENTED
extern WasmEdge_VMContext *WasmEdge_VMCreate(const WasmEdge_ConfigureContext *, WasmEdge_StoreContext *);
static WasmEdge_ModuleInstanceContext *Create(const WasmEdge_ModuleDescriptor *D) {
  (void)D;
  return (WasmEdge_ModuleInstanceContext *)WasmEdge_VMCreate(NULL, NULL);
}
#else
#ifdef CALLS_MEMORY
/* Referenced, so that the library imports it. */
uint8_t *(*pureedge_test_get_pointer)(WasmEdge_MemoryInstanceContext *, const uint32_t, const uint32_t) =
    WasmEdge_MemoryInstanceGetPointer;
#endif
static WasmEdge_ModuleInstanceContext *Create(const WasmEdge_ModuleDescriptor *D) {
  return WasmEdge_ModuleInstanceCreate(WasmEdge_StringWrap(D->Name, 3));
}
#endif
#ifndef API_VERSION
#define API_VERSION WasmEdge_Plugin_CurrentAPIVersion
#endif
static WasmEdge_ModuleDescriptor Mods[] = {{.Name = "bad", .Description = "", .Create = Create}};
static WasmEdge_PluginDescriptor Desc = {.Name = "pureedge_test_bad",
                                         .Description = "",
                                         .APIVersion = API_VERSION,
                                         .ModuleCount = 1,
                                         .ModuleDescriptions = Mods};
WASMEDGE_CAPI_PLUGIN_EXPORT const WasmEdge_PluginDescriptor *WasmEdge_Plugin_GetDescriptor(void) {
  return &Desc;
}
#endif
