package wasi

// Rights are the capabilities of a descriptor (preview 1's rights type).
// Each descriptor keeps its base and inheriting rights; a descriptor opened
// from a directory gets at most the directory's inheriting rights, and
// fd_fdstat_set_rights can only remove rights. WasmEdge's socket rights
// (bits 28-35) are its own numbering.
type Rights uint64

// The rights of preview 1 (bits 0-27) and WasmEdge's socket rights.
const (
	RightFdDatasync Rights = 1 << iota
	RightFdRead
	RightFdSeek
	RightFdFdstatSetFlags
	RightFdSync
	RightFdTell
	RightFdWrite
	RightFdAdvise
	RightFdAllocate
	RightPathCreateDirectory
	RightPathCreateFile
	RightPathLinkSource
	RightPathLinkTarget
	RightPathOpen
	RightFdReaddir
	RightPathReadlink
	RightPathRenameSource
	RightPathRenameTarget
	RightPathFilestatGet
	RightPathFilestatSetSize
	RightPathFilestatSetTimes
	RightFdFilestatGet
	RightFdFilestatSetSize
	RightFdFilestatSetTimes
	RightPathSymlink
	RightPathRemoveDirectory
	RightPathUnlinkFile
	RightPollFdReadwrite
	RightSockShutdown
	RightSockOpen
	RightSockClose
	RightSockBind
	RightSockRecv
	RightSockRecvFrom
	RightSockSend
	RightSockSendTo
)

const (
	// rightsFile are the rights that make sense on a regular file.
	rightsFile = RightFdDatasync | RightFdRead | RightFdSeek | RightFdFdstatSetFlags | RightFdSync |
		RightFdTell | RightFdWrite | RightFdAdvise | RightFdAllocate | RightFdFilestatGet |
		RightFdFilestatSetSize | RightFdFilestatSetTimes | RightPollFdReadwrite
	// rightsDir are the rights that make sense on a directory.
	rightsDir = RightFdFdstatSetFlags | RightFdSync | RightFdAdvise | RightPathCreateDirectory |
		RightPathCreateFile | RightPathLinkSource | RightPathLinkTarget | RightPathOpen | RightFdReaddir |
		RightPathReadlink | RightPathRenameSource | RightPathRenameTarget | RightPathFilestatGet |
		RightPathFilestatSetSize | RightPathFilestatSetTimes | RightFdFilestatGet |
		RightFdFilestatSetTimes | RightPathSymlink | RightPathRemoveDirectory | RightPathUnlinkFile |
		RightPollFdReadwrite
	// rightsWrite are the rights that change the file system; a read-only
	// preopen has none of them, in its base or inheriting rights.
	rightsWrite = RightFdDatasync | RightFdWrite | RightFdAllocate | RightPathCreateDirectory |
		RightPathCreateFile | RightPathLinkSource | RightPathLinkTarget | RightPathRenameSource |
		RightPathRenameTarget | RightPathFilestatSetSize | RightPathFilestatSetTimes |
		RightFdFilestatSetSize | RightFdFilestatSetTimes | RightPathSymlink | RightPathRemoveDirectory |
		RightPathUnlinkFile
	// rightsSocket are a socket's rights.
	rightsSocket = RightFdRead | RightFdWrite | RightFdFdstatSetFlags | RightFdFilestatGet |
		RightPollFdReadwrite | RightSockShutdown | RightSockOpen | RightSockClose | RightSockBind |
		RightSockRecv | RightSockRecvFrom | RightSockSend | RightSockSendTo
	// rightsTTY are a character device's (the standard streams').
	rightsTTY = RightFdRead | RightFdWrite | RightFdFdstatSetFlags | RightFdFilestatGet | RightPollFdReadwrite
)

// has reports whether all of want are in r.
func (r Rights) has(want Rights) bool { return r&want == want }
