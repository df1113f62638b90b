package engine

import (
	"context"
	"fmt"

	"github.com/tetratelabs/wazero/api"
)

// buildShim materialises a host module that owns memories or globals.
func (rt *Runtime) buildShim(ctx context.Context, m *HostModule) ([]api.Module, error) {
	return nil, fmt.Errorf("host module %q: host-owned memories and globals are not supported yet", m.name)
}
