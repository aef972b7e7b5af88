package keyfile

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cloudkeypair/keypair/keyconv"
)

// ErrDirectory is what [ReadFile] returns, wrapped, for a directory.
var ErrDirectory = errors.New("keyfile: is a directory, not a key file")

// TooLargeError is a key file or stream larger than [keyconv.MaxInputSize],
// refused before it was read whole.
type TooLargeError struct {
	Path string // "" for a stream
	Size int64  // the file's size, or -1 when a stream went on past the cap
}

func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return "keyfile: input is larger than any private key"
	}
	return fmt.Sprintf("keyfile: %s is %d bytes, larger than any private key", e.Path, e.Size)
}

// ReadFile reads the key file at path, never more than keyconv parses: a
// regular file larger than [keyconv.MaxInputSize] is a [*TooLargeError]
// before a byte is read, and a directory is [ErrDirectory]. Anything else
// (a pipe from process substitution, say) is read as [Read] reads. The
// errors of opening and reading are the [*fs.PathError] the os package
// returns; who may read the file is [Check]'s business.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s: %w", path, ErrDirectory)
	}
	if info.Mode().IsRegular() && info.Size() > keyconv.MaxInputSize {
		return nil, &TooLargeError{Path: path, Size: info.Size()}
	}
	data, err := Read(f)
	var tooLarge *TooLargeError
	if errors.As(err, &tooLarge) {
		tooLarge.Path = path
	}
	return data, err
}

// Read reads r to its end, or to a [*TooLargeError] (Size -1) as soon as
// it goes past [keyconv.MaxInputSize].
func Read(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, keyconv.MaxInputSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > keyconv.MaxInputSize {
		return nil, &TooLargeError{Size: -1}
	}
	return data, nil
}
