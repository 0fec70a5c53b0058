package tokens

import (
	"errors"
	"io/fs"
)

// ImportKeyFile reads the signing key that an install from before keys were kept in the
// database generated at path, as the first stored key: its tokens then stay valid. No file is
// no key (nil), and the store makes a new one.
func ImportKeyFile(path string) func() ([]byte, error) {
	return func() ([]byte, error) {
		k, err := readKeyFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return k.Seed(), nil
	}
}
