package source

import (
	"errors"
	"fmt"
	"io"

	"github.com/ouvert-dev/ouvert/internal/sniff"
)

// ErrBinary: ReadText found binary content in a file's first bytes and
// read no further.
var ErrBinary = errors.New("binary content")

// TextReader is implemented by the sources that can stop reading a file
// after its first bytes. Use ReadText, which serves every source.
type TextReader interface {
	ReadText(path string, limit int64) ([]byte, error)
}

// ReadText is Read for a reader that wants text only: a file whose first
// bytes are binary (sniff.Binary) gives ErrBinary, and a source that
// implements TextReader reads no more of it than those bytes.
func ReadText(r Repo, path string, limit int64) ([]byte, error) {
	if t, ok := r.(TextReader); ok {
		return t.ReadText(path, limit)
	}
	b, err := r.Read(path, limit)
	if err == nil && sniff.Binary(b) {
		return nil, fmt.Errorf("%s: %w", path, ErrBinary)
	}
	return b, err
}

// readSized reads at most limit bytes of r, whose size is known (a file's
// listed size, a blob's header): the content lands in one buffer of the
// right size, not in a slice grown by doubling. A file that grew since it
// was listed is read on to the limit. When text is set, the first bytes
// are sniffed before the rest is read.
func readSized(r io.Reader, size, limit int64, text bool) ([]byte, error) {
	n := max(0, min(size, limit))
	buf := make([]byte, n)
	head := min(n, sniff.Len)
	k, err := io.ReadFull(r, buf[:head])
	if text && sniff.Binary(buf[:k]) {
		return nil, ErrBinary
	}
	if err == nil && head < n {
		var k2 int
		k2, err = io.ReadFull(r, buf[head:])
		k += k2
	}
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return buf[:k], nil // the file shrank since it was listed
	case err != nil:
		return nil, err
	case n >= limit:
		return buf, nil
	}
	rest, err := io.ReadAll(io.LimitReader(r, limit-n))
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		buf = append(buf, rest...)
		if text && n < sniff.Len && sniff.Binary(buf) {
			return nil, ErrBinary
		}
	}
	return buf, nil
}
