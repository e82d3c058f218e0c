package secrets

import (
	"encoding/base64"
)

// EncodingBase64 is Finding.Encoding for a value found inside a base64 blob.
const EncodingBase64 = "base64"

// Bounds of the base64 re-scan. A blob shorter than minBlob cannot hold a
// provider's key (the shortest, 20 bytes, is 28 characters encoded); one
// longer than maxBlob is data (an image, an archive), not a configuration.
const (
	minBlob = 28
	maxBlob = 64 << 10
	// sniffBlob is how much of a blob is decoded first: most blobs (hashes,
	// paths, images) are not text, and that much says so.
	sniffBlob = 64
)

var b64Alphabet = func() (t [256]bool) {
	for _, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" {
		t[c] = true
	}
	return
}()

// decoded adds the matches found in the text that base64 blobs of the
// content decode to (a Kubernetes Secret's data, a .env value holding a
// whole configuration or a PEM key): each at its blob's place, with its
// encoding. Only formats that say what they are count there (a provider's
// key, a private key); a generic key=value inside decoded text is left
// alone. The decoded text is scanned once, never decoded again. A match
// of the content that lies inside a blob yielding a secret (the Secret's
// value as such) gives way to it.
func (s *Scanner) decoded(content []byte, fc fileClass, ms []match) []match {
	var found []match
	// A run of minBlob alphabet bytes covers the last byte of any window
	// of minBlob bytes it starts in: when that byte is outside the
	// alphabet, the whole window is skipped. Code and prose have a
	// separator every few bytes, so most of the content is never looked at.
	for i := 0; i+minBlob <= len(content); {
		k := i + minBlob - 1
		if !b64Alphabet[content[k]] {
			i = k + 1
			continue
		}
		start := k
		for start > i && b64Alphabet[content[start-1]] {
			start--
		}
		j := k + 1
		for j < len(content) && b64Alphabet[content[j]] {
			j++
		}
		end := j
		for end < len(content) && end-j < 2 && content[end] == '=' {
			end++
		}
		i = j + 1
		n := j - start
		if n < minBlob || n > maxBlob || start > 0 && isWordByte(content[start-1]) || end < len(content) && isWordByte(content[end]) {
			continue
		}
		body := content[start:j] // padding dropped: decoded raw
		if n%4 == 1 {
			body = body[:n-1]
		}
		if !textual(body[:min(len(body), sniffBlob)]) {
			continue
		}
		d := make([]byte, base64.RawStdEncoding.DecodedLen(len(body)))
		k, err := base64.RawStdEncoding.Decode(d, body)
		if err != nil || !printableText(d[:k]) {
			continue
		}
		for _, m := range s.matches(d[:k], fc) {
			if m.p.Generic || m.conf != High && m.p.ID != "secrets/private-key" {
				continue
			}
			m.start, m.end, m.encoding = start, end, EncodingBase64
			found = append(found, m)
		}
	}
	if len(found) == 0 {
		return ms
	}
	kept := ms[:0]
	for _, m := range ms {
		inside := false
		for _, f := range found {
			if m.start >= f.start && m.end <= f.end {
				inside = true
				break
			}
		}
		if !inside {
			kept = append(kept, m)
		}
	}
	return append(kept, found...)
}

// isWordByte: a blob glued to such a byte is part of a longer word (an
// identifier, a URL's path), not a value of its own.
func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c == '%'
}

// textual decodes the first bytes of a blob and reports whether they are
// text.
func textual(head []byte) bool {
	var d [sniffBlob]byte
	k, err := base64.RawStdEncoding.Decode(d[:], head[:len(head)/4*4])
	return err == nil && printableText(d[:k])
}

// printableText: ASCII text, lines and tabs; UTF-8 letters count too.
func printableText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	bad := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f {
			bad++
		}
	}
	return bad == 0
}
