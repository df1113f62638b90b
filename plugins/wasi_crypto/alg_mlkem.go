package wasi_crypto

import "crypto/mlkem"

// ML-KEM-768 and ML-KEM-1024 (FIPS 203, crypto/mlkem): key-encapsulation
// mechanisms, used through kx_encapsulate and kx_decapsulate (kx_dh is
// invalid_operation for them). Raw encodings only: the public key is the
// encapsulation key, the secret key and key pair the 64-byte seed.

// mlkemParams are one parameter set's constructors.
type mlkemParams struct {
	generate func() (mlkemDK, error)
	newDK    func(seed []byte) (mlkemDK, error)
	newEK    func(b []byte) (mlkemEK, error)
}

type mlkemDK interface {
	Bytes() []byte
	Decapsulate(ct []byte) ([]byte, error)
	ek() mlkemEK
}

type mlkemEK interface {
	Bytes() []byte
	Encapsulate() (shared, ct []byte)
}

type dk768 struct{ *mlkem.DecapsulationKey768 }

func (k dk768) ek() mlkemEK { return k.EncapsulationKey() }

type dk1024 struct{ *mlkem.DecapsulationKey1024 }

func (k dk1024) ek() mlkemEK { return k.EncapsulationKey() }

var (
	mlkem768 = mlkemParams{
		generate: func() (mlkemDK, error) { k, err := mlkem.GenerateKey768(); return dk768{k}, err },
		newDK: func(s []byte) (mlkemDK, error) {
			k, err := mlkem.NewDecapsulationKey768(s)
			return dk768{k}, err
		},
		newEK: func(b []byte) (mlkemEK, error) { return mlkem.NewEncapsulationKey768(b) },
	}
	mlkem1024 = mlkemParams{
		generate: func() (mlkemDK, error) { k, err := mlkem.GenerateKey1024(); return dk1024{k}, err },
		newDK: func(s []byte) (mlkemDK, error) {
			k, err := mlkem.NewDecapsulationKey1024(s)
			return dk1024{k}, err
		},
		newEK: func(b []byte) (mlkemEK, error) { return mlkem.NewEncapsulationKey1024(b) },
	}
)

type mlkemKeys struct{ p mlkemParams }

type kemPub struct{ k mlkemEK }

type kemSec struct {
	k    mlkemDK
	seed []byte
}

func (m mlkemKeys) generate() (secImpl, errno) {
	k, err := m.p.generate()
	if err != nil {
		return nil, errRNGError
	}
	return &kemSec{k, k.Bytes()}, errSuccess
}

func (m mlkemKeys) importPublic(enc uint32, b []byte) (pubImpl, errno) {
	if enc != encRaw {
		return nil, errUnsupportedEncoding
	}
	k, err := m.p.newEK(b)
	if err != nil {
		return nil, errInvalidKey
	}
	return &kemPub{k}, errSuccess
}

func (m mlkemKeys) importSecret(enc uint32, b []byte) (secImpl, errno) {
	if enc != encRaw {
		return nil, errUnsupportedEncoding
	}
	k, err := m.p.newDK(b)
	if err != nil {
		return nil, errInvalidKey
	}
	return &kemSec{k, append([]byte(nil), b...)}, errSuccess
}

func (m mlkemKeys) importKeyPair(enc uint32, b []byte) (secImpl, errno) {
	return m.importSecret(enc, b)
}

func (p *kemPub) raw() []byte  { return p.k.Bytes() }
func (p *kemPub) check() errno { return errSuccess }
func (p *kemPub) export(enc uint32) ([]byte, errno) {
	if enc != encRaw {
		return nil, errUnsupportedEncoding
	}
	return p.k.Bytes(), errSuccess
}

func (s *kemSec) public() pubImpl { return &kemPub{s.k.ek()} }

// wipe: the expanded key inside crypto/mlkem cannot be overwritten; the
// seed is.
func (s *kemSec) wipe() { clear(s.seed) }
func (s *kemSec) export(enc uint32) ([]byte, errno) {
	if enc != encRaw {
		return nil, errUnsupportedEncoding
	}
	return append([]byte(nil), s.seed...), errSuccess
}
func (s *kemSec) exportKeyPair(enc uint32) ([]byte, errno) { return s.export(enc) }

// kemScheme encapsulates to a public key and decapsulates with a secret key.
type kemScheme struct{}

func (kemScheme) encapsulate(pub pubImpl) (shared, ct []byte, e errno) {
	shared, ct = pub.(*kemPub).k.Encapsulate()
	return shared, ct, errSuccess
}

func (kemScheme) decapsulate(sec secImpl, ct []byte) ([]byte, errno) {
	shared, err := sec.(*kemSec).k.Decapsulate(ct)
	if err != nil {
		return nil, errInvalidLength
	}
	return shared, errSuccess
}

func init() {
	registerAsym(&asymAlg{name: "ML-KEM-768", typ: algKeyExchange, keys: mlkemKeys{mlkem768}, kem: kemScheme{}})
	registerAsym(&asymAlg{name: "ML-KEM-1024", typ: algKeyExchange, keys: mlkemKeys{mlkem1024}, kem: kemScheme{}})
}
