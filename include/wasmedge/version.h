/* PureEdge: WasmEdge-compatible C API, version constants.
 *
 * Our own text. PureEdge implements the subset of WasmEdge 0.14.1's C API
 * that shared-library plug-ins use, so it reports that version and that
 * release's plug-in API version. */
#ifndef WASMEDGE_C_API_VERSION_H
#define WASMEDGE_C_API_VERSION_H

#define WASMEDGE_VERSION "0.14.1"
#define WASMEDGE_VERSION_MAJOR 0
#define WASMEDGE_VERSION_MINOR 14
#define WASMEDGE_VERSION_PATCH 1

/* The plug-in API version of WasmEdge 0.14.1 (also 0.15.x and 0.16.x).
 * A plug-in stores it in WasmEdge_PluginDescriptor.APIVersion.
 * PureEdge's loader accepts 3 (0.14.0) and 4: both releases have this
 * header's C API layout. */
#define WasmEdge_Plugin_CurrentAPIVersion 4

#endif /* WASMEDGE_C_API_VERSION_H */
