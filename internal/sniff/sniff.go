// Package sniff tells binary content from text, once for every reader of
// files (secret scanning, licence detection, fixes, the history walk): by
// a file's name when its format is always binary, else by its first bytes.
package sniff

import (
	"bytes"
	"path"
	"strings"
)

// Len is how much of a content Binary looks at, as git does.
const Len = 8000

// Binary reports whether content looks binary: a NUL byte among its first
// Len bytes, unless the bytes are UTF-16 text (a byte-order mark, or
// ASCII interleaved with NULs on one side only), whose ASCII is full of
// NULs.
func Binary(b []byte) bool {
	b = b[:min(len(b), Len)]
	if bytes.IndexByte(b, 0) < 0 {
		return false
	}
	if len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		return false
	}
	return !utf16Text(b)
}

// utf16Text reports ASCII (or Latin-1) text written as UTF-16 without a
// byte-order mark: every NUL on the same side of a byte pair (odd offsets
// for little-endian, even for big-endian), on most pairs, and none on the
// other side. Images and executables have NULs on both sides at once.
func utf16Text(b []byte) bool {
	if len(b) < 8 {
		return false
	}
	var nul [2]int
	pairs := len(b) / 2
	for i := 0; i < 2*pairs; i++ {
		if b[i] == 0 {
			nul[i&1]++
		}
	}
	for side := range 2 {
		if nul[1-side] == 0 && nul[side]*10 >= pairs*9 {
			return true
		}
	}
	return false
}

// BinaryName reports whether a file's name says its content is binary:
// images, fonts, archives and compressed files, office documents, audio,
// video and compiled code. These formats hold NUL bytes in their first
// bytes (or compress their content), so Binary would say the same after
// reading them: the name lets a reader skip them unread. Text formats
// that merely hold data (SVG, CSV, JSON, SQL dumps) are not in the list.
func BinaryName(p string) bool {
	ext := path.Ext(p)
	if ext == "" || len(ext) > 8 {
		return false
	}
	return binaryExts[strings.ToLower(ext[1:])]
}

var binaryExts = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`
		png jpg jpeg jpe jfif gif bmp ico icns cur tif tiff webp avif heic heif psd xcf jxl jp2
		pdf
		woff woff2 ttf otf eot
		zip gz tgz bz2 tbz2 xz txz zst lz lzma 7z rar tar jar war ear apk aab ipa deb rpm dmg iso whl nupkg crx xpi
		docx xlsx pptx odt ods odp odg doc xls ppt msg
		mp3 mp4 m4a m4v aac wav ogg oga ogv opus flac webm mov avi mkv wmv wma mpg mpeg 3gp
		exe dll so dylib class pyc pyo o obj a lib wasm
	`) {
		binaryExts[e] = true
	}
}
